"""python -m rtlprune.fuzz [--n N] [--seed S] [--out DIR]: prune N random designs and judge each.

Prints one line per failure and the counts at the end (designs, pruned, proven, simulated,
lint-clean, average share of cells removed). Every failing design is written to OUT/seedN/
with the command that reproduces it and what differed. Exit 1 if anything failed.
"""

from __future__ import annotations

import argparse
import json
import shlex
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rtlprune.errors import run_command
from rtlprune.fuzz import oracles
from rtlprune.fuzz.generate import generate


def _prune(design, source: Path, work: Path) -> tuple[subprocess.CompletedProcess, Path]:
    out = work / "pruned.v"
    cmd = [sys.executable, "-m", "rtlprune", str(source), *design.args, "-o", str(out), "-q"]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=300), out


def check_one(seed: int, work: Path, cosim_cycles: int = 400, formal_cycles: int = 6, formal_timeout: int = 20) -> dict:
    """Generate, prune and judge one design; the outcome as a dict."""
    design = generate(seed)
    work.mkdir(parents=True, exist_ok=True)
    source = work / "design.v"
    source.write_text(design.text)
    result = {"seed": seed, "args": design.args, "failures": []}
    proc, pruned = _prune(design, source, work)
    if proc.returncode != 0:
        result["failures"].append(("prune", proc.stderr.strip().splitlines()[-1:] or [f"exit {proc.returncode}"]))
        return result
    report = json.loads(pruned.with_suffix(".report.json").read_text())
    before, after = report["before"]["cells"], report["after"]["cells"]
    result["removed"] = (before - after) / before if before else 0.0
    for verdict in (oracles.formal(design, source, pruned, report, formal_cycles, formal_timeout),
                    oracles.cosimulate(design, source, pruned, report, work / "cosim", cosim_cycles),
                    oracles.lint(design, source, pruned)):
        result[verdict.oracle] = verdict.ok
        if verdict.ok is False:
            result["failures"].append((verdict.oracle, verdict.message))
    return result


def _save(result: dict, work: Path, out: Path) -> Path:
    dest = out / f"seed{result['seed']}"
    dest.mkdir(parents=True, exist_ok=True)
    (dest / "design.v").write_text((work / "design.v").read_text())
    command = "rtlprune design.v " + " ".join(shlex.quote(a) for a in result["args"]) + " -o pruned.v"
    lines = [f"# rtlprune fuzz failure, seed {result['seed']}", "", "    " + command, ""]
    lines += [f"- {oracle}: {message}" for oracle, message in result["failures"]]
    (dest / "README.md").write_text("\n".join(lines) + "\n")
    return dest


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m rtlprune.fuzz", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=100, help="number of designs (default 100)")
    ap.add_argument("--seed", type=int, default=1, help="first seed (default 1); design i has seed+i")
    ap.add_argument("--out", default="fuzz-failures", help="where failing designs are written")
    ap.add_argument("--cycles", type=int, default=400, help="co-simulation cycles per design")
    args = ap.parse_args(argv)

    def body() -> int:
        t0 = time.time()
        counts = {"designs": 0, "pruned": 0, "formal": 0, "formal_timeout": 0, "cosim": 0, "lint": 0}
        removed, failed = [], 0
        for i in range(args.n):
            seed = args.seed + i
            with tempfile.TemporaryDirectory(prefix="rtlprune_fuzz_") as tmp:
                result = check_one(seed, Path(tmp), args.cycles)
                counts["designs"] += 1
                if "removed" in result:
                    counts["pruned"] += 1
                    removed.append(result["removed"])
                for oracle in ("formal", "cosim", "lint"):
                    counts[oracle] += result.get(oracle) is True
                counts["formal_timeout"] += "formal" in result and result["formal"] is None
                if result["failures"]:
                    failed += 1
                    dest = _save(result, Path(tmp), Path(args.out))
                    for oracle, message in result["failures"]:
                        print(f"FAIL seed {seed}: {oracle}: {message}  ({dest})", flush=True)
            if sys.stderr.isatty():
                print(f"\rrtlprune.fuzz: {i + 1}/{args.n}", end="", file=sys.stderr, flush=True)
            elif (i + 1) % 10 == 0:
                print(f"rtlprune.fuzz: {i + 1}/{args.n} designs, {failed} failed", file=sys.stderr, flush=True)
        average = sum(removed) / len(removed) if removed else 0.0
        print(f"{counts['designs']} designs, {counts['pruned']} pruned, {counts['formal']} proven "
              f"(bounded, 6 cycles; {counts['formal_timeout']} more out of SAT time), "
              f"{counts['cosim']} co-simulated equal ({args.cycles} cycles), "
              f"{counts['lint']} lint-clean, {failed} failed; cells removed on average "
              f"{100 * average:.1f}%; {time.time() - t0:.0f} s")
        return 1 if failed else 0

    return run_command("rtlprune.fuzz", body)


if __name__ == "__main__":
    sys.exit(main())
