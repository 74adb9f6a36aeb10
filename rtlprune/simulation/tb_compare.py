"""Equivalence and timing of a design under its own testbench (`testbench.py`): the four
variants (original, Yosys round trip, peer, pruned) built with identical Verilator
flags, each workload run `runs` times interleaved, wall time as the median of whole process
runs. Equivalence, two ways on every workload: lockstep (both DUTs in one model, the original
driving the testbench, every kept output compared at every clock edge), and trace (the original
and the pruned model each with the trace monitor around the DUT: the hashes of the kept outputs,
the testbench's transcript, every file it writes and the exit status must be equal)."""

from __future__ import annotations

import filecmp
import json
import logging
import shutil
import statistics
import subprocess
import time
from dataclasses import dataclass, replace
from pathlib import Path

from rtlprune import icarus
from rtlprune import verilator as vlt
from rtlprune.errors import UserError
from rtlprune.hdl.tie_off import verilate_sources
from rtlprune.report import is_text_form, structural_excess
from rtlprune.simulation import RunLog, simulator_tag
from rtlprune.simulation.backends import describe, model_digest, simulator_json
from rtlprune.simulation.compare import VARIANTS, round_order, runtime_build_note, simulator_label, timing_warnings
from rtlprune.simulation.equivalence_runs import dropped_nonzero
from rtlprune.simulation.tb_variants import (
    DROPPED_FILE,
    END_SUFFIX,
    FINISH_AFTER_PLUSARG,
    LOCKSTEP_FILE,
    TRACE_FILE,
    WINDOW_FILE,
    prepare,
    transcript,
)
from rtlprune.simulation.testbench import TestbenchDesign, Workload
from rtlprune.simulation.vcd import Signal, read_window, write_vcd
from rtlprune.simulation.workload_inputs import with_generated_inputs

log = logging.getLogger(__name__)

# The variants whose Verilator model state the table gives (`model_state_bits`).
MODEL_STATE_VARIANTS = ("original", "peer", "pruned")

# Below this a run's wall time is mostly process start and file loading, not simulation.
MIN_TIMED_S = 0.2


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


def model_state_bits(v, extra_flags: list[str]) -> dict[str, int | None]:
    """What Verilator's model of each variant holds under the DUT's instance: the bits of its
    variables with every module inlined, ports and Verilator's own left out (the measure of the
    effectiveness judge, tie_off.verilate_sources); None where Verilator refused the variant."""
    design = v.design.for_verilator()
    flags = [*design.verilator_flags(), *extra_flags]
    timing = ["--timing"] if design.main is None or "--timing" in flags else []
    inner = design.dut_instance + "."
    out = {}
    for name in MODEL_STATE_VARIANTS:
        model = verilate_sources(v.sources(name), design.top, [*timing, *flags])
        out[name] = None if model.lines is None else sum(b for k, b in model.variable_bits.items()
                                                         if k.startswith(inner))
    log.info("Verilator model state under " + design.dut_instance + ": "
         + ", ".join(f"{n} {b if b is not None else 'refused'} bits" for n, b in out.items()))
    return out


def state_excess(report: dict, reference_report: dict, model_state: dict) -> list[str]:
    """What the pruned DUT keeps beyond what it may, as the fuzzer's effectiveness judge has it:
    a netlist no more flip-flop and memory bits than the flat cone; the source's own text (which
    keeps its cells for Verilator to remove) no more model state than the peer's."""
    if not is_text_form(report):
        return structural_excess(report, reference_report)
    ours, peer = model_state["pruned"], model_state["peer"]
    if ours is None or peer is None or ours <= peer:
        return []
    return [f"(the source's text) holds {ours - peer} bits more in Verilator's model than the peer ({ours} against {peer})"]


class Builder:
    """Builds every variant of one design under one simulator with identical flags, and says
    what each build made (for the same-model checks and the table)."""

    def __init__(self, simulator: str, design: TestbenchDesign, flags: list[str]):
        self.simulator, self.design, self.flags = simulator, design, flags
        self.tag = simulator_tag(simulator)
        self.icarus_flags = icarus.flags_from_verilator(flags)
        if simulator == "icarus":
            icarus.require()

    def build(self, sources: list[Path], out_dir: Path):
        out_dir = out_dir.with_name(out_dir.name + self.tag)
        if self.simulator == "icarus":
            return icarus.build(sources, self.design.top, out_dir, self.icarus_flags, log=log.info)
        return vlt.build_testbench(sources, self.design.top, out_dir, self.flags, self.design.main, log=log.info)

    def lines(self, build) -> int:
        """Lines of what the simulator made of the text: Verilator's C++, or Icarus' vvp code."""
        if self.simulator == "icarus":
            return len(build.binary.read_bytes().splitlines())
        return vlt.generated_cpp_lines(build.binary.parent)

    def shape(self, build) -> str | None:
        """The model up to the names of instances and signals (Verilator only)."""
        return vlt.generated_cpp_shape(build.binary.parent) if self.simulator == "verilator" else None

    def to_json(self) -> dict:
        if self.simulator == "icarus":
            flags = [f.replace("{top}", self.design.top) for f in self.icarus_flags]
            return {"simulator": simulator_json("icarus"), "icarus_flags": [*icarus.BUILD_FLAGS, *flags]}
        return {"simulator": simulator_json("verilator"), "verilator_flags": [*vlt.SIM_FLAGS, *self.design.verilator_flags()],
                "verilator": vlt.found().to_json()}


def compare(design: TestbenchDesign, workloads: list[str], build_root: Path, results_dir: Path,
            runs: int = 3, timeout_s: float = 1800.0, simulator: str = "verilator") -> dict:
    """Prune `design`, check original against pruned on each workload (trace and lockstep) and
    time the four variants under `simulator`; write and return the results."""
    if runs < 1:
        raise UserError("--runs must be at least 1")
    names = workloads or design.default_workloads or list(design.workloads)
    wls = [design.workload(w) for w in names]
    bdir = build_root / design.name
    v = prepare(design, bdir, simulator)
    # the renamed copy of the DUT's defining source lives in the build directory: its `include`s
    # still find their files through the original's directory
    includes = [f"+incdir+{design.definition_file().parent}"]
    flags = [*design.verilator_flags(), *includes]
    builder = Builder(simulator, design, flags)
    v.unique_modules = simulator == "icarus"
    log.info(f"building with {describe(simulator)}")
    builds, cpp_lines, digests, shapes = {}, {}, {}, {}
    for name in VARIANTS:
        builds[name] = builder.build(v.sources(name), bdir / f"timed-{name}")
        cpp_lines[name] = builder.lines(builds[name])
        digests[name] = model_digest(simulator, builds[name].binary)
        shapes[name] = builder.shape(builds[name])
        log.info(f"{name}: build {builds[name].build_s:.1f} s{' (cached)' if builds[name].cached else ''}, "
             f"{cpp_lines[name]:,} lines of {'C++' if simulator == 'verilator' else 'vvp code'}")
    model_state = model_state_bits(v, includes)
    observed = {n: builder.build(v.observed_sources(n), bdir / f"observed-{n}") for n in ("original", "pruned")}
    lockstep_build = builder.build(v.lockstep_sources(), bdir / "lockstep")
    results = []
    for wl in wls:
        wl = with_generated_inputs(wl, bdir / "inputs" / wl.name, log=log.info, timeout_s=timeout_s)
        log.info(f"equivalence on {wl.name}: original vs pruned, {len(v.kept_outputs)} kept outputs hashed every cycle")
        run_dir = bdir / "runs" / (wl.name + builder.tag)
        eq = equivalence(v, observed, wl, run_dir, timeout_s)
        log.info("traces equal" if eq["equal"] else "NOT EQUAL: " + "; ".join(eq["problems"]))
        log.info(f"lockstep on {wl.name}: original and pruned side by side, every kept output compared every cycle")
        ls = lockstep(lockstep_build, wl, run_dir, timeout_s, eq["exit_code"], v.kept_ports())
        log.info(f"lockstep equal over {ls['cycles']:,} cycles" if ls["equal"] else "NOT EQUAL: " + "; ".join(ls["problems"]))
        if note := feedback_note(eq, ls):
            log.info(note)
            if design.reads_dropped:   # declared: the lockstep run is the check
                eq["expected"], eq["problems"] = [*eq["problems"], note], []
            else:
                eq["problems"].append(note)
        samples = {n: [] for n in VARIANTS}
        timed = with_original_end(design, wl, eq["cycles"])
        shown = RunLog(f"timing {wl.name}", runs * len(VARIANTS))
        for i in range(runs):
            for name in round_order(VARIANTS, i):
                r = run_model(builds[name].binary, timed, run_dir / name, timeout_s)
                if r.exit_code != eq["exit_code"]:
                    raise UserError(f"{design.name} {name} on {wl.name}: exit status {r.exit_code}, "
                                    f"the observed original's was {eq['exit_code']} (log {run_dir / name})")
                samples[name].append(r.seconds)
                shown.step(f"run {i + 1}/{runs} {wl.name} {name:9s} {r.seconds:8.3f} s")
        shown.close()
        wall = {n: statistics.median(samples[n]) for n in VARIANTS}
        same = frozenset(n for n in VARIANTS if n != "original" and digests[n] == digests["original"])
        pruned_is_peer = shapes["pruned"] is not None and shapes["pruned"] == shapes["peer"] and "pruned" not in same
        results.append(_result(design, v, wl, eq, ls, wall, samples, builds, cpp_lines, same, runs, pruned_is_peer,
                               model_state, builder))
    results_dir.mkdir(parents=True, exist_ok=True)
    out = results_dir / f"corpus-{design.name}{builder.tag}.json"
    out.write_text(json.dumps(results, indent=2) + "\n")
    return {"design": design.name, "results": results, "json_path": str(out)}


def _result(design, v, wl, eq, ls, wall, samples, builds, cpp_lines, same, runs, pruned_is_peer,
            model_state, builder: Builder) -> dict:
    ratio = lambda a, b: round(wall[a] / max(wall[b], 1e-9), 3)  # noqa: E731
    icarus_run = builder.simulator == "icarus"
    warnings = [*timing_warnings(wall, bool(v.dropped_outputs), MIN_TIMED_S,
                                 "vvp's loading of the design" if icarus_run else "process start-up", same, pruned_is_peer,
                                 model="compiled design" if icarus_run else "C++"),
                *runtime_build_note(builds)]
    return {
        "design": design.name, "workload": wl.name, "runs": runs, "cycles": eq["cycles"],
        "dropped_outputs": v.dropped_outputs, "kept_outputs": len(v.kept_outputs),
        "cells": {"before": v.report["before"]["cells"], "after": v.report["after"]["cells"]},
        # flip-flop and memory bits the written DUT keeps, and the flat cone's (--no-source-text)
        "state_bits": {n: r["after"]["ff_bits"] + r["after"]["memory_bits"]
                       for n, r in (("pruned", v.report), ("reference", v.reference_report))},
        "state_judged_by": "model" if is_text_form(v.report) else "flat cone",
        "state_excess": state_excess(v.report, v.reference_report, model_state),
        "model_state_bits": model_state,
        "wall_s": {n: round(wall[n], 4) for n in VARIANTS},
        "wall_s_runs": {n: [round(s, 4) for s in samples[n]] for n in VARIANTS},
        "build_s": {n: round(builds[n].build_s, 1) for n in VARIANTS},
        # what the simulator made of each variant: lines of Verilator's C++, or of Icarus' vvp code
        ("vvp_lines" if icarus_run else "cpp_lines"): cpp_lines,
        "same_cpp_as_original": sorted(same),
        "pruned_same_model_as_peer": pruned_is_peer,
        "top_form": (v.report["source_text"].get("top_form") or {}).get("form"),
        "traces_equal": (eq["equal"] or bool(eq.get("expected"))) and ls["equal"],
        "equivalence_problems": eq["problems"] + ls["problems"],
        "expected_differences": eq.get("expected", []),
        "trace_equal": eq["equal"], "lockstep_equal": ls["equal"], "lockstep_cycles": ls["cycles"],
        "speedup_vs_original": ratio("original", "pruned"),
        "speedup_vs_peer": ratio("peer", "pruned"),
        "roundtrip_vs_original": ratio("original", "roundtrip"),
        **builder.to_json(),
        "warnings": warnings,
        "timestamp": time.strftime("%Y-%m-%d %H:%M:%S"),
    }


def _trace_cell(r: dict) -> str:
    """The trace run's verdict; `feedback` where the description says the testbench reads a
    dropped output back and only that made the runs differ."""
    return "yes" if r["trace_equal"] else "feedback" if r.get("expected_differences") else "NO"


def _model_state_cell(r: dict) -> str:
    m = r["model_state_bits"]
    return "/".join("-" if m[n] is None else f"{m[n]:,}" for n in MODEL_STATE_VARIANTS)


def _state_cell(r: dict) -> str:
    s, verdict = r["state_bits"], "yes" if not r["state_excess"] else "NO"
    if r["state_judged_by"] == "model":
        return f"{verdict} (text: model vs peer)"
    return f"{verdict} ({s['pruned']:,} / {s['reference']:,})"


def format_table(results: list[dict]) -> str:
    head = ("| design | workload | cycles | original s | round trip s | peer s | pruned s | "
            "round trip / original | pruned / original | pruned / peer | build s (o/r/p/p) | "
            "C++ (vvp) lines (o/r/p/p) | model state bits (o/p/p) | state <= flat cone | equal (lockstep / trace) |\n"
            "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---|---|---|")
    rows = [head]
    for r in results:
        w, b = r["wall_s"], r["build_s"]
        c = r.get("cpp_lines") or {n: f"({k:,})" for n, k in r["vvp_lines"].items()}
        rows.append(f"| {r['design']} | {r['workload']} | {r['cycles']:,} | {w['original']:.3f} | "
                    f"{w['roundtrip']:.3f} | {w['peer']:.3f} | {w['pruned']:.3f} | "
                    f"{r['roundtrip_vs_original']:.2f}x | {r['speedup_vs_original']:.2f}x | "
                    f"{format(r['speedup_vs_peer'], '.2f') + 'x' if r['dropped_outputs'] else '-'} | "
                    f"{'/'.join(f'{b[n]:.0f}' for n in VARIANTS)} | {'/'.join(f'{c[n]:,}' if isinstance(c[n], int) else c[n] for n in VARIANTS)} | "
                    f"{_model_state_cell(r)} | {_state_cell(r)} | "
                    f"{'yes' if r['lockstep_equal'] else 'NO'} / {_trace_cell(r)} |")
    notes = [f"- {r['design']} {r['workload']}: WARNING {w}" for r in results for w in r["warnings"]]
    notes += [f"- {r['design']}: the pruned DUT {e}" for r in results for e in r["state_excess"]]
    sims = sorted({simulator_label(r) for r in results})
    return "\n".join([f"simulator: {s}" for s in sims] + [""] + rows + ([""] + notes if notes else []))
