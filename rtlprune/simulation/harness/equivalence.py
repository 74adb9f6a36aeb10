"""Equivalence runs of an original and a pruned design (a speedup with a different
trace is a bug, not a result).

* lockstep: one simulation, both designs side by side, each in its own copy of the harness; the
  generated top compares every observed signal every cycle and stops at the first difference.
* trace: each design records its observed signals to a file; `diff_traces` compares the files.

Observed signals: the kept outputs of the DUT (rtlprune report) and every output of the harness.
Backends: "cocotb" (cocotb 2.x test, cocotb's C clock) or "cxx" (generated C++ driver)."""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass
from pathlib import Path

from rtlprune.errors import UserError
from rtlprune.simulation import vcd
from rtlprune.simulation.backends import get_backend
from rtlprune.simulation.feedback import dropped_nonzero
from rtlprune.simulation.harness import equivalence_tops
from rtlprune.simulation.harness.variants import HarnessVariants
from rtlprune.simulation.trace import diff_traces
from rtlprune.simulation.trace import window as trace_window


@dataclass
class EquivResult:
    mode: str
    equal: bool
    message: str
    cycle: int | None = None        # first differing cycle, or the last cycle when equal
    signal: str | None = None
    original: str | None = None
    pruned: str | None = None
    limit_hit: bool = False
    waveform: Path | None = None    # a VCD of both around the first difference (lockstep)
    build_s: float = 0.0
    sim_s: float = 0.0


def _feedback(lines: list[str]) -> str:
    """The dropped outputs the original drove non-zero before the difference, as a sentence:
    the likely environment feedback (the harness read one back, the pruned one saw 0)."""
    seen = [(n, int(c)) for l in lines if (m := re.fullmatch(r"DROPPED (\S+) first=(\d+)", l.strip()))
            for n, c in [m.groups()]]
    return f"; environment feedback? {dropped_nonzero(seen)}: if the testbench reads it back, keep it" if seen else ""


def _mismatch(mode, cycle, signal, a, b) -> EquivResult:
    return EquivResult(mode, False, f"{mode}: observed signals differ at cycle {cycle}: signal {signal}: "
                       f"original={a} pruned={b}", int(cycle), signal, a, b)


def _build_and_run(variants: HarnessVariants, sources: list[Path], top: str, tag: str, backend: str,
                   plusargs: list[str], workdir: Path, max_cycles: int) -> tuple[float, float, dict]:
    """Build and run a generated equivalence top; its status outputs (equivalence_tops.STATUS)."""
    d = variants.design
    bdir = variants.build_dir / f"{tag}-{backend}"
    plusargs = [*plusargs, f"+rtlprune_max_cycles={max_cycles}"]
    if backend in ("cxx", "icarus"):   # the generated driver: no Python per cycle
        b = get_backend(backend, clock="clk", reset="rst", reset_active_high=True, reset_cycles=d.reset_cycles,
                        done="finished", report=equivalence_tops.STATUS)
        built = b.build(sources, top, bdir)
        r = b.run(built, plusargs, workdir)
        return built.build_s, r.seconds, {k: int(r.values[k]) for k in equivalence_tops.STATUS}
    b = get_backend(backend)
    t0 = time.time()
    built = b.build(sources, top, bdir)
    t1 = time.time()
    result = workdir / "cocotb_result.json"
    result.unlink(missing_ok=True)
    r = b.run(built, plusargs, workdir, env={"RTLPRUNE_RESULT": str(result), "RTLPRUNE_RESET_CYCLES": str(d.reset_cycles),
                                             "RTLPRUNE_MAX_CYCLES": str(max_cycles)})
    if not result.exists():
        raise UserError(f"the cocotb run wrote no result (log {workdir / 'sim.log'})")
    status = json.loads(result.read_text())
    status["passed"] = r.values["passed"]
    return t1 - t0, time.time() - t1, status


def run_lockstep(variants: HarnessVariants, image: Path, workdir: Path, backend: str = "cocotb",
                 pruned: Path | None = None, tag: str = "lockstep", max_cycles: int | None = None) -> EquivResult:
    d = variants.design
    max_cycles = d.max_cycles if max_cycles is None else max_cycles
    pruned = pruned or variants.pruned
    sources = equivalence_tops.generate_lockstep(variants, pruned, variants.build_dir / f"{tag}-src")
    workdir.mkdir(parents=True, exist_ok=True)
    report, window = workdir / "lockstep.txt", workdir / "window.txt"
    report.unlink(missing_ok=True)
    window.unlink(missing_ok=True)
    plus = [*d.run_plusargs(image, workdir), f"+rtlprune_report={report}", f"+rtlprune_window={window}"]
    build_s, sim_s, status = _build_and_run(variants, sources, equivalence_tops.LOCKSTEP_TOP, tag, backend, plus,
                                            workdir, max_cycles)
    if not report.exists():
        raise UserError(f"lockstep run left no report ({report}); status {status}")
    line, *rest = report.read_text().strip().splitlines() or [""]
    if m := re.fullmatch(r"MISMATCH cycle=(\d+) signal=(\S+) original=(\S+) pruned=(\S+)", line):
        res = _mismatch("lockstep", *m.groups())
    elif m := re.fullmatch(r"EQUAL cycles=(\d+)", line):
        res = EquivResult("lockstep", True, f"lockstep: observed signals equal in all {m.group(1)} cycles",
                          int(m.group(1)))
    elif m := re.fullmatch(r"LIMIT cycle=(\d+)", line):
        res = EquivResult("lockstep", False, f"lockstep: hit the cycle limit of {max_cycles} cycles "
                          "with no difference so far, but the designs were not both done (hung?)",
                          int(m.group(1)), limit_hit=True)
    else:
        raise UserError(f"lockstep run: unexpected report {line!r}")
    if not res.equal and (fed := _feedback(rest)):
        res.message += fed
    if not res.equal and window.is_file():
        first, rows = vcd.read_window(window)
        res.waveform = workdir / "lockstep.vcd"
        vcd.write_vcd(res.waveform, [vcd.Signal(s.label, s.width) for s in equivalence_tops.observed_signals(variants)],
                      rows, first)
        res.message += f"; the observed signals of both around it: {res.waveform} (GTKWave or Surfer)"
    res.build_s, res.sim_s = build_s, sim_s
    return res


def record_trace(variants: HarnessVariants, dut: Path, image: Path, workdir: Path, tag: str, backend: str = "cocotb",
                 max_cycles: int | None = None) -> tuple[Path, float, float]:
    d = variants.design
    max_cycles = d.max_cycles if max_cycles is None else max_cycles
    sources = equivalence_tops.generate_trace(variants, dut, variants.build_dir / f"{tag}-src")
    workdir.mkdir(parents=True, exist_ok=True)
    trace = workdir / f"{tag}.trace"
    trace.unlink(missing_ok=True)
    plus = [*d.run_plusargs(image, workdir), f"+rtlprune_trace={trace}"]
    build_s, sim_s, _ = _build_and_run(variants, sources, equivalence_tops.TRACE_TOP, tag, backend, plus, workdir, max_cycles)
    if not trace.exists():
        raise UserError(f"the trace run wrote no trace ({trace})")
    return trace, build_s, sim_s


def run_trace(variants: HarnessVariants, image: Path, workdir: Path, backend: str = "cocotb",
              pruned: Path | None = None, tag: str = "trace-pruned", max_cycles: int | None = None) -> EquivResult:
    ta, ba, sa = record_trace(variants, variants.original, image, workdir / "original", "trace-original",
                              backend, max_cycles)
    tb, bb, sb = record_trace(variants, pruned or variants.pruned, image, workdir / "pruned", tag,
                              backend, max_cycles)
    diff = diff_traces(ta, tb)
    if diff.equal:
        res = EquivResult("trace", True, f"trace: {diff.message} ({ta}, {tb})", diff.cycles)
    elif diff.signal:
        strip = lambda v: v.split("'h", 1)[-1]  # noqa: E731
        res = _mismatch("trace", diff.cycle, diff.signal, strip(diff.value_a), strip(diff.value_b))
    else:
        limit = "cycle limit" in diff.message
        res = EquivResult("trace", False, f"trace: {diff.message.replace('A ', 'original ').replace('B ', 'pruned ')}"
                          + (" (hit the cycle limit)" if limit and "hit the cycle limit" not in diff.message else ""),
                          diff.cycle, limit_hit=limit)
    if not res.equal and res.cycle is not None:
        res.waveform = _trace_waveform(ta, tb, res.cycle, workdir / "trace.vcd")
        if res.waveform:
            res.message += f"; the observed signals of both around it: {res.waveform} (GTKWave or Surfer)"
    res.build_s, res.sim_s = ba + bb, sa + sb
    return res


def _trace_waveform(ta: Path, tb: Path, first: int, out: Path) -> Path | None:
    """Both traces in the window around `first`, as one VCD."""
    signals, a = trace_window(ta, first, vcd.WINDOW_BEFORE, vcd.WINDOW_AFTER)
    _, b = trace_window(tb, first, vcd.WINDOW_BEFORE, vcd.WINDOW_AFTER)
    cycles = sorted(set(a) & set(b))
    if not cycles:
        return None
    vcd.write_vcd(out, [vcd.Signal(n, w) for n, w in signals], [(c, a[c], b[c]) for c in cycles], first)
    return out
