"""The equivalence runs of a design under its own testbench, two ways on every workload:
trace (the original and the pruned model each with the trace monitor around the DUT: the
hashes of the kept outputs, the testbench's transcript, every file it writes and the exit
status must be equal) and lockstep (both DUTs in one model, the original driving the
testbench, every kept output compared at every clock edge). Also the one timed run of a built
testbench (`run_model`)."""

from __future__ import annotations

import filecmp
import re
import shutil
import subprocess
import time
from dataclasses import dataclass, replace
from pathlib import Path

from rtlprune import icarus
from rtlprune.errors import UserError
from rtlprune.simulation.feedback import dropped_nonzero
from rtlprune.simulation.testbench.description import TestbenchDesign, Workload
from rtlprune.simulation.testbench.variants import (
    DROPPED_FILE,
    END_SUFFIX,
    FINISH_AFTER_PLUSARG,
    LOCKSTEP_FILE,
    TRACE_FILE,
    WINDOW_FILE,
)
from rtlprune.simulation.vcd import Signal, read_window, write_vcd

_VERILATOR_LINE = re.compile(r"^- (S i m u l a t i o n|Verilator: |\S+:\d+: Verilog \$(finish|stop))")


def transcript(stdout: str) -> list[str]:
    """What the testbench printed, without the simulator's own run-time lines (Verilator's
    report, Icarus' VCD notes and $finish line)."""
    return [l for l in stdout.splitlines() if not _VERILATOR_LINE.match(l) and not icarus.RUNTIME_LINE.match(l)]


@dataclass
class Run:
    seconds: float
    exit_code: int
    stdout: str


def run_model(binary: Path, workload: Workload, workdir: Path, timeout_s: float) -> Run:
    """Run a built testbench once in `workdir` (the workload's files copied in)."""
    if workdir.exists():
        shutil.rmtree(workdir)
    workdir.mkdir(parents=True)
    for f in workload.files:
        (shutil.copytree if f.is_dir() else shutil.copyfile)(f, workdir / f.name)
    # a compiled Icarus design (.vvp) runs under vvp, a Verilator model by itself
    cmd = icarus.command(binary, workload.plusargs) if binary.suffix == ".vvp" else [str(binary.resolve()),
                                                                                   *workload.plusargs]
    t0 = time.perf_counter()
    try:
        proc = subprocess.run(cmd, cwd=workdir, capture_output=True, timeout=timeout_s)
    except subprocess.TimeoutExpired:
        raise UserError(f"{binary}: workload '{workload.name}' did not finish within {timeout_s:.0f} s") from None
    secs = time.perf_counter() - t0
    out = (proc.stdout + proc.stderr).decode("latin-1")
    (workdir / "run.log").write_text(out, encoding="latin-1")
    return Run(secs, proc.returncode, out)


def records(path: Path) -> list[str]:
    """A monitor's lines; when `final` did not run (a user main that never calls it), the last
    record rewritten every cycle in PATH.end, zero padding dropped, stands in for it."""
    lines = path.read_text().splitlines() if path.exists() else []
    end = path.with_name(path.name + END_SUFFIX)
    if (not lines or not lines[-1].startswith("cycles ")) and end.exists():
        parts = end.read_text().split()
        if len(parts) == 3 and parts[0] == "cycles":
            lines.append(f"cycles {int(parts[1])} {parts[2]}")
    return lines


def _clip(lines: list[str], i: int, at: int, width: int = 80) -> str:
    """Line i for a one-line message, around column `at` where the two transcripts part: a
    testbench may print kilobytes on one line."""
    if i >= len(lines):
        return "<end>"
    line = lines[i]
    if len(line) <= width:
        return repr(line)
    s = max(0, min(at - 20, len(line) - width))
    return f"{'...' if s else ''}{line[s:s + width]!r}{'...' if s + width < len(line) else ''} (column {at + 1} of {len(line)})"


def equivalence(v, builds: dict, workload: Workload, run_dir: Path, timeout_s: float) -> dict:
    """Run the observed original and pruned models on `workload`; compare the exit status, the
    transcript, the kept outputs' hashes and every file the testbench wrote."""
    runs, traces, dirs = {}, {}, {}
    for name in ("original", "pruned"):
        dirs[name] = wd = run_dir / f"observed-{name}"
        wl = workload if name == "original" else with_original_end(v.design, workload, _cycles(traces["original"]))
        runs[name] = run_model(builds[name].binary, wl, wd, timeout_s)
        traces[name] = records(wd / TRACE_FILE)
    problems = []
    if runs["original"].exit_code != runs["pruned"].exit_code:
        problems.append(f"exit status {runs['original'].exit_code} (original) vs {runs['pruned'].exit_code} (pruned)")
    ta, tb = transcript(runs["original"].stdout), transcript(runs["pruned"].stdout)
    if ta != tb:
        i = next((i for i, (a, b) in enumerate(zip(ta, tb)) if a != b), min(len(ta), len(tb)))
        la, lb = (ta[i] if i < len(ta) else ""), (tb[i] if i < len(tb) else "")
        at = next((c for c, (x, y) in enumerate(zip(la, lb)) if x != y), min(len(la), len(lb)))
        problems.append(f"transcript differs at line {i + 1}: {_clip(ta, i, at)} vs {_clip(tb, i, at)} "
                        f"(whole lines: run.log in {dirs['original'].name}/ and {dirs['pruned'].name}/)")
    a, b = traces["original"], traces["pruned"]
    if not a or not a[-1].startswith("cycles "):
        problems.append("the original's trace monitor wrote no cycle count (did the run reach $finish?)")
    elif a != b:
        i = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
        after = int(a[i - 1].split()[-2]) if i else 0
        problems.append(f"the kept outputs differ after cycle {after} (hash checkpoint {i + 1}: "
                        f"{a[i] if i < len(a) else '<end>'!r} vs {b[i] if i < len(b) else '<end>'!r})")
    inputs = {f.name for f in workload.files} | {TRACE_FILE, TRACE_FILE + END_SUFFIX, DROPPED_FILE, "run.log"}
    for f in sorted(p.name for p in dirs["original"].iterdir() if p.is_file() and p.name not in inputs):
        other = dirs["pruned"] / f
        if not other.is_file():
            problems.append(f"the original wrote {f}, the pruned model did not")
        elif not filecmp.cmp(dirs["original"] / f, other, shallow=False):
            problems.append(f"file {f} written by the testbench differs ({dirs['original'] / f} vs {other})")
    cycles = _cycles(a)
    return {"equal": not problems, "problems": problems, "cycles": cycles,
            "dropped_nonzero": _dropped_nonzero(dirs["original"] / DROPPED_FILE),
            "exit_code": runs["original"].exit_code}


def _cycles(trace: list[str]) -> int:
    """The cycle count of a trace monitor's records (0 when it wrote none)."""
    return int(trace[-1].split()[1]) if trace and trace[-1].startswith("cycles ") else 0


def with_original_end(design: TestbenchDesign, workload: Workload, original_cycles: int) -> Workload:
    """With `finish_with_original`, `workload` ending at the clock edge after the original's last."""
    if not design.finish_with_original or not original_cycles:
        return workload
    return replace(workload, plusargs=[*workload.plusargs, f"+{FINISH_AFTER_PLUSARG}={original_cycles + 1}"])


def _dropped_nonzero(path: Path) -> list[tuple[str, int]]:
    """The dropped outputs a run drove non-zero, with the first such cycle (DROPPED_FILE)."""
    lines = path.read_text().splitlines() if path.is_file() else []
    return [(n, int(c)) for n, c in (l.split() for l in lines if l.strip())]


def feedback_note(eq: dict, ls: dict) -> str:
    """When the trace run differs and the lockstep run does not, the pruned module is right and
    the testbench saw something else: a dropped output it reads back. Names the candidates."""
    seen = eq.get("dropped_nonzero") or []
    if eq["equal"] or not ls["equal"] or not seen:
        return ""
    return (f"environment feedback: the lockstep run is equal, the testbench's own run is not; "
            f"{dropped_nonzero(seen)}: keep the one the testbench reads back")


def lockstep(build, workload: Workload, run_dir: Path, timeout_s: float, exit_code: int, kept_ports: list) -> dict:
    """Run the lockstep model (original driving the testbench, pruned beside it) on `workload`."""
    wd = run_dir / "lockstep"
    run = run_model(build.binary, workload, wd, timeout_s)
    lines = records(wd / LOCKSTEP_FILE)
    problems = [f"lockstep: {line}" for line in lines if line.startswith("cycle ")]
    last = lines[-1].split() if lines else []
    if len(last) != 3 or last[0] != "cycles":
        problems.append("lockstep: the monitor wrote no cycle count (did the run reach $finish?)")
    if run.exit_code != exit_code:
        problems.append(f"lockstep: exit status {run.exit_code}, the observed original's {exit_code}")
    waveform = _waveform(kept_ports, wd)
    if waveform:
        problems.append(f"lockstep: the kept outputs of both around the first difference: {waveform} "
                        "(GTKWave or Surfer)")
    return {"equal": not problems and last[2] == "equal", "problems": problems,
            "cycles": int(last[1]) if len(last) == 3 else 0, "waveform": str(waveform) if waveform else None}


def _waveform(kept: list, wd: Path) -> Path | None:
    """The lockstep monitor's window around the first difference (WINDOW_FILE), as a VCD."""
    window = wd / WINDOW_FILE
    if not window.is_file():
        return None
    first, rows = read_window(window)
    out = wd / "rtlprune_lockstep.vcd"
    write_vcd(out, [Signal(p.name, p.width) for p in kept], rows, first)
    return out
