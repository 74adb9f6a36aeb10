"""Generate the HDL of the equivalence runs from jinja2 templates: the lockstep top (both designs
side by side, each in a renamed copy of the harness, compared every cycle) and the trace top
(the harness recording its observed signals). Back ends (`backends.py`) build and run them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rtlprune.hdl.modules import module_names, rename_modules
from rtlprune.hdl.ports import module_ports
from rtlprune.simulation import TEMPLATES, vcd
from rtlprune.simulation.harness.variants import HarnessVariants

LOCKSTEP_TOP = "rtlprune_lockstep"
TRACE_TOP = "rtlprune_trace"
SUFFIX_A, SUFFIX_B = "__orig", "__pruned"
STATUS = ["finished", "mismatch", "limit_hit", "cycle"]


@dataclass
class Signal:
    path: str      # hierarchical reference below the harness instance
    label: str
    width: int
    offset: int = 0


def observed_signals(variants: HarnessVariants) -> list[Signal]:
    """The kept outputs of the DUT (from the rtlprune report) and the outputs of the harness."""
    d = variants.design
    widths = {p.name: p.width for p in module_ports(variants.pruned.read_text(), d.dut_module)}
    sigs = [Signal(f"{d.dut_instance}.{n}", f"{d.dut_instance}.{n}", widths[n]) for n in variants.kept_outputs]
    sigs += [Signal(p.name, p.name, p.width) for p in d.observed_harness_outputs()]
    off = 0
    for s in sigs:
        s.offset, off = off, off + s.width
    return sigs


def dropped_signals(variants: HarnessVariants) -> list[Signal]:
    """The DUT's dropped outputs: the lockstep top names those the original drove non-zero
    before a difference (environment feedback: the harness read one back)."""
    d = variants.design
    widths = {p.name: p.width for p in module_ports(variants.pruned.read_text(), d.dut_module)}
    return [Signal(f"{d.dut_instance}.{n}", n, widths[n]) for n in variants.dropped_outputs if n in widths]


def _context(variants: HarnessVariants, top: str) -> dict:
    d = variants.design
    return dict(top=top, harness_top=d.harness_top, dut_module=d.dut_module, dut_instance=d.dut_instance,
                clock=d.clock, reset=d.reset, reset_active_high=d.reset_active_high, done=d.done,
                harness_outputs=d.harness_outputs(), default_max_cycles=d.max_cycles,
                suffix_a=SUFFIX_A, suffix_b=SUFFIX_B)


def generate_lockstep(variants: HarnessVariants, pruned: Path, out_dir: Path) -> list[Path]:
    """Renamed copies harness+original and harness+`pruned`, and the comparing top."""
    d = variants.design
    out_dir.mkdir(parents=True, exist_ok=True)
    files = []
    for suffix, dut in ((SUFFIX_A, variants.original), (SUFFIX_B, pruned)):
        text = d.harness_text() + "\n" + dut.read_text()
        names = set(module_names(text))
        f = out_dir / f"copy{suffix}.v"
        f.write_text(rename_modules(text, names, suffix))
        files.append(f)
    top = out_dir / f"{LOCKSTEP_TOP}.v"
    top.write_text(TEMPLATES.get_template("lockstep.v.j2").render(
        signals=observed_signals(variants), dropped=dropped_signals(variants), history=vcd.HISTORY,
        history_bits=vcd.HISTORY.bit_length() - 1, window_before=vcd.WINDOW_BEFORE, window_after=vcd.WINDOW_AFTER,
        **_context(variants, LOCKSTEP_TOP)))
    return [*files, top]


def generate_trace(variants: HarnessVariants, dut: Path, out_dir: Path) -> list[Path]:
    """The harness, the given DUT Verilog, and the recording top."""
    out_dir.mkdir(parents=True, exist_ok=True)
    sigs = observed_signals(variants)
    top = out_dir / f"{TRACE_TOP}.v"
    top.write_text(TEMPLATES.get_template("trace.v.j2").render(
        signals=sigs, total_width=sum(s.width for s in sigs), **_context(variants, TRACE_TOP)))
    return [*variants.design.harness, dut, top]
