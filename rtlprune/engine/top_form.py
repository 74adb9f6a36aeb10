"""The form the output is written in, chosen by what the simulator makes of each candidate.

- mixed or netlist: with instances kept as the source's text, the mixed output against the flat
  cone's netlist (the back end's opt_muxtree removes branches a text instance keeps);
- top form: a top that pruning changed, as the netlist or as the source's whole text behind a
  wrapper that ties the dropped outputs to 0 (hdl/tie_off.py).

Both choices are values (`MixedForm`, `TopForm`); the steps write what they chose
(engine/steps.py). Their JSON is the report's `mixed_form` and `top_form`."""

from __future__ import annotations

from dataclasses import dataclass, fields

from rtlprune import icarus
from rtlprune.hdl.tie_off import storage_verilator_keeps, verilate
from rtlprune.protocol import FlowRequest
from rtlprune.verilator import available as verilator_available

# The netlist is written where Verilator's model of the source's text holds more bits than its
# model of the netlist and among them a register or memory that pruning removed (matched by
# name: `storage_verilator_keeps`); where no name matches, more than this share of the text's
# bits is taken for such storage. Fewer are Verilator's temporaries, which do not pay for the
# netlist's larger C++ (docs/benchmarks.md, picorv32-axi).
UNNAMED_STATE_SLACK = 0.10


def _json(value) -> dict:
    """The fields that are set, in declaration order."""
    return {f.name: getattr(value, f.name) for f in fields(value) if getattr(value, f.name) is not None}


@dataclass
class TopForm:
    form: str                                       # "netlist" or "source_tie_off"
    why: str = ""
    simulator: str | None = None                    # "icarus" when Icarus decided
    cpp_lines: dict[str, int | None] | None = None  # Verilator's C++ of each: netlist, source_tie_off
    model_bits: dict[str, int] | None = None        # Verilator's model state of each
    vvp_lines: dict[str, int | None] | None = None  # Icarus' code of each
    storage_only_pruning_removes: dict[str, int] | None = None

    def to_json(self) -> dict:
        return _json(self)


@dataclass
class MixedForm:
    form: str                                       # "mixed" or "netlist"
    why: str
    state_bits: dict[str, int]                      # flip-flop and memory bits of each
    cpp_lines: dict[str, int | None] | None = None
    model_bits: dict[str, int] | None = None
    vvp_lines: dict[str, int | None] | None = None

    def to_json(self) -> dict:
        return _json(self)


def choose_mixed_form(req: FlowRequest, top: str, mixed_text: str, netlist_text: str,
                      state: dict[str, int]) -> MixedForm:
    """`state`: flip-flop and memory bits of "mixed" and "netlist". Less state decides; as much
    held, what the simulator makes less of (only with --top-form auto)."""
    if state["netlist"] < state["mixed"]:
        return MixedForm("netlist", f"the mixed form holds {state['mixed'] - state['netlist']} flip-flop and "
                         "memory bits more than the flat cone's netlist", state)
    if req.top_form == "auto" and req.simulator == "icarus":
        lines = {"mixed": icarus.vvp_lines(mixed_text, top), "netlist": icarus.vvp_lines(netlist_text, top)}
        if lines["mixed"] is None or (lines["netlist"] is not None and lines["netlist"] < lines["mixed"]):
            return MixedForm("netlist", "Icarus makes less vvp code of the flat cone's netlist", state, vvp_lines=lines)
        return MixedForm("mixed", "the mixed form holds no more state and Icarus makes no more vvp code of it",
                         state, vvp_lines=lines)
    if req.top_form == "auto" and verilator_available():
        mixed, netlist = verilate(mixed_text, top), verilate(netlist_text, top)
        lines = {"mixed": mixed.lines, "netlist": netlist.lines}
        bits = {"mixed": mixed.bits, "netlist": netlist.bits}
        if mixed.lines is None or (netlist.lines is not None and (netlist.bits, netlist.lines) < (mixed.bits, mixed.lines)):
            return MixedForm("netlist", "Verilator holds less or makes less C++ of the flat cone's netlist", state,
                             cpp_lines=lines, model_bits=bits)
        return MixedForm("mixed", "the mixed form holds no more state and Verilator makes no more C++ of it",
                         state, cpp_lines=lines, model_bits=bits)
    return MixedForm("mixed", "the mixed form holds no more state", state)


def choose_top_form(req: FlowRequest, top: str, netlist_text: str, tie_off: str,
                    removed_storage: dict[str, int]) -> TopForm:
    """The netlist, or the source's text behind the tie-off (`tie_off`): --top-form source
    forces the text; otherwise what the simulator makes less of, unless Verilator's model of
    the text keeps storage that pruning removed."""
    if req.top_form == "source":
        return TopForm("source_tie_off", "--top-form source", cpp_lines={"netlist": None, "source_tie_off": None})
    if req.simulator == "icarus":
        return _top_form_for_icarus(top, netlist_text, tie_off)
    netlist, source = verilate(netlist_text, top), verilate(tie_off, top)
    form = TopForm("netlist", cpp_lines={"netlist": netlist.lines, "source_tie_off": source.lines},
                   model_bits={"netlist": netlist.bits, "source_tie_off": source.bits})
    kept = storage_verilator_keeps(source, top, removed_storage)
    if kept:  # by name, where Verilator's names and flatten's agree: which storage it is
        form.storage_only_pruning_removes = kept
    extra = source.bits - netlist.bits
    if source.lines is None:
        form.why = f"Verilator refused the source's text: {source.error}"
    elif extra > 0 and (kept or extra > UNNAMED_STATE_SLACK * source.bits):
        names = sorted(kept)
        form.why = (f"Verilator's model of the source's text holds {extra} bits more than its model of the netlist"
                    + (f": storage that only pruning removes ({', '.join(names[:5])}{', ...' if len(names) > 5 else ''})"
                       if names else ""))
    elif netlist.lines is not None and source.lines >= netlist.lines:
        form.why = "Verilator made less C++ of the netlist"
    else:
        form.form = "source_tie_off"
        form.why = "Verilator made less C++ of the source's text" + (
            f", and its model of it holds no register or memory pruning removed ({extra} bits more in "
            "temporaries)" if extra > 0 else "")
    return form


def _top_form_for_icarus(top: str, netlist_text: str, tie_off: str) -> TopForm:
    """Icarus evaluates every net it is given, dead or not: the form it makes less vvp code of."""
    lines = {"netlist": icarus.vvp_lines(netlist_text, top), "source_tie_off": icarus.vvp_lines(tie_off, top)}
    form = TopForm("netlist", simulator="icarus", vvp_lines=lines)
    if lines["source_tie_off"] is None:
        form.why = "Icarus is not installed" if not icarus.available() else "Icarus refused the source's text"
    elif lines["netlist"] is not None and lines["source_tie_off"] >= lines["netlist"]:
        form.why = "Icarus made less vvp code of the netlist"
    else:
        form.form, form.why = "source_tie_off", "Icarus made less vvp code of the source's text"
    return form
