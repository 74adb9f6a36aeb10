"""Judge one random design: generate it, prune it, and ask the oracles; save it if it failed."""

from __future__ import annotations

import json
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

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


def save(result: dict, work: Path, out: Path) -> Path:
    dest = out / f"seed{result['seed']}"
    dest.mkdir(parents=True, exist_ok=True)
    (dest / "design.v").write_text((work / "design.v").read_text())
    command = "rtlprune design.v " + " ".join(shlex.quote(a) for a in result["args"]) + " -o pruned.v"
    lines = [f"# rtlprune fuzz failure, seed {result['seed']}", "", "    " + command, ""]
    lines += [f"- {oracle}: {message}" for oracle, message in result["failures"]]
    (dest / "README.md").write_text("\n".join(lines) + "\n")
    return dest


def judge(job: tuple[int, int, int, str]) -> tuple[dict, Path | None]:
    """One design in a worker process: judged in a temporary directory, saved if it failed."""
    seed, cycles, formal_timeout, out = job
    with tempfile.TemporaryDirectory(prefix="rtlprune_fuzz_") as tmp:
        result = check_one(seed, Path(tmp), cycles, formal_timeout=formal_timeout)
        return result, (save(result, Path(tmp), Path(out)) if result["failures"] else None)
