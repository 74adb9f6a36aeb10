"""Judge one random design: generate it, prune it, and ask the oracles; shrink and save it if it
failed."""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from rtlprune.fuzz import oracles
from rtlprune.fuzz.effectiveness import effectiveness
from rtlprune.fuzz.minimise import Shrunk, minimise
from rtlprune.fuzz.random_designs import RandomDesign, generate

ORACLES = ("formal", "cosim", "lint", "effectiveness")
PRUNE_TIMEOUT_S = 300


def prune_design(design: RandomDesign, source: Path, work: Path) -> tuple[subprocess.CompletedProcess, Path]:
    out = work / "pruned.v"
    cmd = [sys.executable, "-m", "rtlprune", str(source), *design.args, "-o", str(out), "-q"]
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=PRUNE_TIMEOUT_S), out
    except subprocess.TimeoutExpired:
        return subprocess.CompletedProcess(cmd, -1, "", f"no answer within {PRUNE_TIMEOUT_S} s"), out


def check_design(design: RandomDesign, work: Path, cosim_cycles: int = 400, formal_cycles: int = 6,
                 formal_timeout: int = 20, run: tuple[str, ...] = ORACLES, prune=prune_design) -> dict:
    """Prune one design and ask the oracles in `run`; the outcome as a dict."""
    work.mkdir(parents=True, exist_ok=True)
    source = work / "design.v"
    source.write_text(design.text)
    result = {"seed": design.seed, "args": design.args, "failures": []}
    proc, pruned = prune(design, source, work)
    if proc.returncode != 0:
        lines = proc.stderr.strip().splitlines()
        result["failures"].append(("prune", lines[-1] if lines else f"exit {proc.returncode}"))
        result["prune_exit"] = proc.returncode
        return result
    report = json.loads(pruned.with_suffix(".report.json").read_text())
    before, after = report["before"]["cells"], report["after"]["cells"]
    result["removed"] = (before - after) / before if before else 0.0
    judges = {"formal": lambda: oracles.formal(design, source, pruned, report, formal_cycles, formal_timeout),
              "cosim": lambda: oracles.cosimulate(design, source, pruned, report, work / "cosim", cosim_cycles),
              "lint": lambda: oracles.lint(design, source, pruned),
              "effectiveness": lambda: effectiveness(source, pruned, report, design.args, work / "reference")}
    for name in run:
        verdict = judges[name]()
        result[verdict.oracle] = verdict.ok
        if verdict.ok is False:
            result["failures"].append((verdict.oracle, verdict.message))
    return result


def check_one(seed: int, work: Path, cosim_cycles: int = 400, formal_cycles: int = 6, formal_timeout: int = 20) -> dict:
    """Generate, prune and judge one design."""
    return check_design(generate(seed), work, cosim_cycles, formal_cycles, formal_timeout)


def fails_like(result: dict, cosim_cycles: int = 400, formal_timeout: int = 20,
               prune=prune_design) -> Callable[[RandomDesign], bool]:
    """A test for the minimiser: does a variant fail the way `result` failed (the prune step
    with the same exit code, or the first oracle that failed, on the same kind of thing)?"""
    oracle = result["failures"][0][0]

    def fails(candidate: RandomDesign) -> bool:
        with tempfile.TemporaryDirectory(prefix="rtlprune_fuzz_min_") as tmp:
            run = () if oracle == "prune" else (oracle,)
            again = check_design(candidate, Path(tmp), cosim_cycles, formal_timeout=formal_timeout, run=run,
                                 prune=prune)
            if oracle == "prune":
                return again.get("prune_exit") == result["prune_exit"]
            return any(name == oracle and _kind(message) == _kind(result["failures"][0][1])
                       for name, message in again["failures"])
    return fails


def _kind(message: str) -> str:
    """What a co-simulation difference is about: a print (its first word), the outputs of a
    cycle, a dropped output that is not 0, or a build; other oracles' messages are one kind."""
    m = re.match(r"line \d+: original '(\S*)", message)
    if m:
        return "outputs" if m[1].isdigit() else f"print {m[1]}"
    return "dropped" if "NOT ZERO" in message else ("build" if message.startswith("build") else "")


def save(result: dict, original: RandomDesign, shrunk: Shrunk, out: Path) -> Path:
    """OUT/seedN/: the shrunk design.v with its command, the generated original.v, what differed."""
    dest = out / f"seed{result['seed']}"
    dest.mkdir(parents=True, exist_ok=True)
    (dest / "design.v").write_text(shrunk.design.text)
    (dest / "original.v").write_text(original.text)
    command = "rtlprune design.v " + " ".join(shlex.quote(a) for a in shrunk.design.args) + " -o pruned.v"
    lines = [f"# rtlprune fuzz failure, seed {result['seed']}", "",
             "Shrunk reproducer (`design.v`):", "", "    " + command, "",
             f"Generated design (`original.v`, {shrunk.lines_before} lines) shrunk to {shrunk.lines_after} lines "
             f"in {shrunk.trials} trials{'' if shrunk.complete else ' (budget ran out: not minimal)'}; "
             f"it is regenerated by `python -m rtlprune.fuzz --seed {result['seed']} --n 1`, "
             "whose command was:", "",
             "    rtlprune original.v " + " ".join(shlex.quote(a) for a in result["args"]) + " -o pruned.v", "",
             "What differed on the generated design:", ""]
    lines += [f"- {oracle}: {message}" for oracle, message in result["failures"]]
    (dest / "README.md").write_text("\n".join(lines) + "\n")
    return dest


def judge(job: tuple[int, int, int, float, str, tuple[str, ...]]) -> tuple[dict, Path | None]:
    """One design in a worker process: judged in a temporary directory; shrunk and saved if it failed.
    The job's last item: rtlprune options given to every prune of the run (`--prune-arg`)."""
    seed, cycles, formal_timeout, budget_s, out, options = job
    with tempfile.TemporaryDirectory(prefix="rtlprune_fuzz_") as tmp:
        design = replace(generate(seed), options=options)
        result = check_design(design, Path(tmp), cycles, formal_timeout=formal_timeout)
        if not result["failures"]:
            return result, None
    shrunk = minimise(design, fails_like(result, cycles, formal_timeout), budget_s)
    return result, save(result, design, shrunk, Path(out))
