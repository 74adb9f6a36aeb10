"""The effectiveness judge: what the written output keeps beside what a simple reference removes.

Two references, as issue 22 and DESIGN.md name them:
- the flat cone: the same design and spec pruned with `--no-source-text` (every instance
  flattened and cut bit by bit). The output may keep no more flip-flop bits and memory bits than
  it, and, where no instance is kept as the source's text (whose cells are counted as the
  source has them, before the back end's clean-up), no more cells. An output that is the
  source's own text (nothing stateful removed, or the tie-off form) is judged by its model below.
- Verilator's own dead-code removal: its model of the output may hold no more state (the bits
  of its root header's variables, ports and Verilator's own left out: `tie_off.verilate`) than
  its model of the peer, the original with the dropped outputs left unconnected. A variable of
  the output's model that the netlist declares as a `wire` is no state (a temporary Verilator
  kept, or a wire made public for a print, `verilog_out.PUBLIC`): it is not counted. The peer's
  variables all are, so the comparison leans toward the output, never against it.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from rtlprune.fuzz.oracles import Verdict
from rtlprune.hdl.source_text import SOURCE_TEXT_MARK
from rtlprune.hdl.tie_off import tie_off_text, verilate
from rtlprune.report import is_text_form, structural_excess


def reference(source: Path, args: list[str], work: Path) -> dict:
    """The report of the flat cone (`--no-source-text --cone flat`) of the same design and spec."""
    out = work / "reference.v"
    proc = subprocess.run([sys.executable, "-m", "rtlprune", str(source), *args, "--no-source-text", "--cone", "flat",
                           "-o", str(out), "-q"], capture_output=True, text=True, timeout=300)
    if proc.returncode != 0:
        raise RuntimeError(f"the reference prune failed: {proc.stderr.strip().splitlines()[-1:]}")
    return json.loads(out.with_suffix(".report.json").read_text())


# write_verilog's declarations of nets: `  wire [7:0] _012_;`, `  wire \\a.b ;`
_WIRE = re.compile(r"^  wire(?: signed)?(?: \[[^\]]+\])? (?:\\(\S+) |([A-Za-z_][\w$]*))", re.M)


def netlist_wires(text: str, top: str) -> set[str]:
    """The hierarchical names Verilator gives the nets the written netlist declares as wires."""
    netlist = text.split(SOURCE_TEXT_MARK)[0]
    return {f"{top}.{m[1] or m[2]}" for m in _WIRE.finditer(netlist)}


def model_bits(text: str, top: str, not_state: set[str] = frozenset()) -> int | None:
    model = verilate(text, top)
    if model.lines is None:
        return None
    return sum(b for name, b in model.variable_bits.items() if name not in not_state)


def peer_text(source_text: str, report: dict) -> str:
    """The original behind a wrapper that leaves the dropped outputs unconnected."""
    return tie_off_text(source_text, report["top"], report["ports"], report["spec"]["dropped_outputs"])


def effectiveness(source: Path, pruned: Path, report: dict, args: list[str], work: Path) -> Verdict:
    work.mkdir(parents=True, exist_ok=True)
    try:
        ref = reference(source, args, work)
    except (RuntimeError, subprocess.TimeoutExpired) as e:
        return Verdict("effectiveness", False, str(e))
    excess = structural_excess(report, ref)
    if excess:
        return Verdict("effectiveness", False, "; ".join(excess))
    text = pruned.read_text(encoding="latin-1")
    ours = model_bits(text, report["top"], set() if is_text_form(report) else netlist_wires(text, report["top"]))
    peer = model_bits(peer_text(source.read_text(encoding="latin-1"), report), report["top"])
    if ours is None or peer is None:
        return Verdict("effectiveness", None, "Verilator refused a model: state not compared")
    if ours > peer:
        return Verdict("effectiveness", False, f"Verilator's model of the output holds {ours - peer} bits "
                                               f"more than its model of the peer ({ours} against {peer})")
    return Verdict("effectiveness", True)
