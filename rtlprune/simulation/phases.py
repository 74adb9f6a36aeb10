"""`python -m rtlprune.simulation phases`: one prune, with the wall time, CPU time and peak
memory of each step of its flow, beside `verilator --lint-only` on the same sources read the
same way (Verilator reading the design is the reference for "fast enough"), in one run.

The prune runs as the user runs it (`python -m rtlprune ARGS`), into a temporary directory;
its report gives the steps (StepClock in engine/flow_state.py). The peaks of the two whole
commands are their process trees' maximum resident memory (wait4)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from rtlprune import verilator
from rtlprune.errors import UserError

# what Verilator is asked: read and elaborate everything, report no lint or style warning
LINT_FLAGS = ["--lint-only", "-Wno-fatal", "-Wno-lint", "-Wno-style", "-Wno-MODDUP"]


@dataclass
class Measured:
    wall: float          # seconds
    cpu: float           # user + system seconds of the process tree
    peak_mb: float       # the process tree's maximum resident memory
    returncode: int
    stderr: str


def measured(cmd: list[str], cwd: Path, env: dict[str, str] | None = None) -> Measured:
    with tempfile.TemporaryFile("w+") as err:
        t0 = time.perf_counter()
        child = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=err, text=True)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - t0
        child.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        return Measured(round(wall, 2), round(usage.ru_utime + usage.ru_stime, 2),
                        round(usage.ru_maxrss / 1024, 1), child.returncode, err.read())


def lint_command(report: dict, cwd: Path) -> list[str]:
    """`verilator --lint-only` on the sources the prune read, with its defines, include
    directories and top parameters."""
    read = report["read"]
    return [str(verilator.found().bin_dir / "verilator"), *LINT_FLAGS, "--top-module", report["top"],
            *[f"-D{d}" for d in read["defines"]], *[f"-I{i}" for i in read["incdirs"]],
            *[f"-G{p}" for p in read["parameters"]], *[str(cwd / s) for s in report["sources"]]]


def run(args: list[str], cwd: Path, lint: bool) -> dict:
    for flag in ("-o", "--output", "--report"):
        if flag in args:
            raise UserError(f"phases: leave out {flag}: the prune writes into a temporary directory")
    with tempfile.TemporaryDirectory(prefix="rtlprune_phases_") as tmp:
        out, report_path, log = Path(tmp) / "pruned.v", Path(tmp) / "report.json", Path(tmp) / "yosys.log"
        prune = measured([sys.executable, "-m", "rtlprune", *args, "-o", str(out), "--report", str(report_path),
                          "--log", str(log), "-q"], cwd)
        if prune.returncode != 0:
            # the steps that ended, from the log (StepClock writes one line as each ends)
            last = prune.stderr.strip().splitlines()[-1:] or [f"exit {prune.returncode}"]
            return {"command": ["rtlprune", *args], "top": _top_of(args), "failed": last[0],
                    "steps": steps_in_log(log.read_text(errors="replace") if log.exists() else ""),
                    "prune": {k: v for k, v in asdict(prune).items() if k != "stderr"}}
        report = json.loads(report_path.read_text())
    result = {"command": ["rtlprune", *args], "top": report["top"], "before": report["before"],
              "after": report["after"], "steps": report["seconds"]["steps"], "prune": asdict(prune)}
    if lint:       # on the sources and read options the report gives, so only after a prune that ended
        baseline = measured(lint_command(report, cwd), cwd, verilator.env())
        if baseline.returncode != 0:
            raise UserError(f"phases: verilator --lint-only failed: {baseline.stderr.strip().splitlines()[-1:]}")
        result["lint"] = asdict(baseline)
        result["ratio"] = {"wall": round(prune.wall / baseline.wall, 2), "peak": round(prune.peak_mb / baseline.peak_mb, 2)}
    for key in ("prune", "lint"):
        result.get(key, {}).pop("stderr", None)
    return result


_STEP_LINE = re.compile(r"^rtlprune: step (\S+): ([\d.]+) s wall, ([\d.]+) s CPU(?:, peak (\d+) MiB)?$", re.M)


def steps_in_log(text: str) -> dict[str, dict[str, float]]:
    return {m[1]: {"wall": float(m[2]), "cpu": float(m[3]), **({"peak_mb": float(m[4])} if m[4] else {})}
            for m in _STEP_LINE.finditer(text)}


def _top_of(args: list[str]) -> str:
    """The top the arguments name, else the first source's name (for the JSON's file name)."""
    if "--top" in args[:-1]:
        return args[args.index("--top") + 1]
    return next((Path(a).stem for a in args if not a.startswith("-")), "design")


def table(result: dict) -> str:
    lines = [f"{'step':<12} {'wall s':>8} {'cpu s':>8} {'peak MiB':>9} {'rss MiB':>8}"]
    for name, step in result["steps"].items():
        rss = step.get("rss_mb")
        lines.append(f"{name:<12} {step['wall']:>8.2f} {step['cpu']:>8.2f} {step.get('peak_mb', 0):>9.0f} "
                     f"{'' if rss is None else f'{rss:.0f}':>8}")
    p = result["prune"]
    if "failed" in result:
        lines.append(f"the prune failed after {p['wall']:.1f} s wall, peak {p['peak_mb']:.0f} MiB: {result['failed']}")
        return "\n".join(lines)
    b, a = result["before"], result["after"]
    lines.append(f"cells {b['cells']:,} -> {a['cells']:,}, flip-flop bits {b['ff_bits']:,} -> {a['ff_bits']:,}, "
                 f"memory bits {b['memory_bits']:,} -> {a['memory_bits']:,}")
    lines.append(f"rtlprune (the whole command): {p['wall']:.1f} s wall, {p['cpu']:.1f} s CPU, peak {p['peak_mb']:.0f} MiB")
    if "lint" in result:
        v, r = result["lint"], result["ratio"]
        lines.append(f"verilator --lint-only:        {v['wall']:.1f} s wall, {v['cpu']:.1f} s CPU, peak {v['peak_mb']:.0f} MiB")
        lines.append(f"rtlprune / verilator: {r['wall']:.2f}x wall, {r['peak']:.2f}x peak memory")
    return "\n".join(lines)


def main(args: list[str], lint: bool, results: Path) -> int:
    result = run(args, Path.cwd(), lint)
    results.mkdir(parents=True, exist_ok=True)
    path = results / f"phases-{result['top']}.json"
    path.write_text(json.dumps(result, indent=1) + "\n")
    print(table(result))
    print(f"JSON: {path}")
    return 1 if "failed" in result else 0
