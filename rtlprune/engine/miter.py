"""Bounded formal equivalence of a pruned design against its original, on the observed signals.

Both sides get the same observation: dropped outputs tied to 0, kept internal signals and
the operands of print, assertion and blackbox cells turned into ports. A Yosys miter then
compares every port, and `sat` proves them equal for N cycles from a zero initial state
(with an optional reset asserted in the first cycle). `x` is a value of its own (`-enable_undef`,
inputs always defined): where the original has a value, the pruned design may not have `x`,
which a simulator would read as whatever it likes; where the original has `x`, anything goes. For small designs: it maps memories
to flip-flops.
"""

from __future__ import annotations

import re
from pathlib import Path

from pyosys import libyosys as ys

from rtlprune.engine.async_registers import loads_that_hold_as_enables
from rtlprune.engine.sources import read_sources
from rtlprune.errors import UserError
from rtlprune.hdl.source_text import SOURCE_TEXT_MARK
from rtlprune.hdl.tie_off import INSTANCE as TIE_OFF_INSTANCE
from rtlprune.hdl.verilog_out import WRITER_LINT_OFF
from rtlprune.protocol import EquivRequest
from yosys_passes import cells as cs
from yosys_passes import passes  # noqa: F401  (registers rtlprune_observe)
from yosys_passes.pyosys_util import format_string, ident, plain


def _port_out(module: ys.Module, name: str, sig: ys.SigSpec) -> None:
    wire = module.addWire(ident(name), sig.size())
    wire.port_output = True
    module.connect(ys.SigSpec(wire), sig)


def _written_order(cell: ys.Cell) -> tuple:
    """Where a cell stands in the pruned file: (line, column) of its source, then its flattened
    name, which orders the prints of several instances of one module's text (one place in the
    file) as the original's side orders them."""
    m = re.search(r":(\d+)\.(\d+)", cell.get_src_attribute())
    return (int(m[1]), int(m[2]), plain(cell.name)) if m else (0, 0, plain(cell.name))


def _ports_for_side_effects(module: ys.Module, written: bool) -> None:
    """Replace print, assertion and blackbox cells by ports carrying what they observe.

    Prints and assertions are paired between the two sides by kind, format and width; equal
    ones (the same $display in several instances) by their order: the flattened cell name on
    the original's side, the place in the file on the pruned side, which write_verilog writes
    in the order of those names."""
    effects = []
    for cell in module.cells_.values():
        t = cell.type.str()
        if t in cs.SIDE_EFFECTS:
            width = cell.getPort(ident("ARGS")).size() if cell.hasPort(ident("ARGS")) else 0
            order = _written_order(cell) if written else plain(cell.name)
            effects.append(((0, t, format_string(cell), width, order), cell))
        elif cs.is_blackbox_type(t):
            effects.append(((1, plain(cell.name), "", 0, ""), cell))
    counters: dict[str, int] = {}
    for key, cell in sorted(effects, key=lambda e: e[0]):
        if key[0] == 0:  # prints and assertions: names by kind and order of format string
            kind = cell.type.str()[1:]
            k = counters.get(kind, 0)
            counters[kind] = k + 1
            base = f"rtlprune_{kind}{k}"
        else:
            opaque = cell.has_attribute(ident(cs.OPAQUE))
            base = ("rtlprune_opaque_" if opaque else "rtlprune_bb_") + _instance_path(cell, written).replace(".", "_")
        for port, sig in sorted(cell.connections().items(), key=lambda kv: kv[0].str()):
            pname = plain(port)
            if key[0] == 1 and cell.output(port):
                # A blackbox output becomes a free input, the same on both sides.
                wire = module.addWire(ident(f"{base}_{pname}"), sig.size())
                wire.port_input = True
                module.connect(sig, ys.SigSpec(wire))
            elif pname not in ("TRG",) or key[0] == 1:
                _port_out(module, f"{base}_{pname}", sig)
        module.remove(cell)
    module.fixup_ports()


def _instance_path(cell: ys.Cell, written: bool) -> str:
    """The instance's path as the original has it: a pruned output that is the source's text
    behind a tie-off wrapper holds the original's instances one level down, in `INSTANCE`."""
    path = plain(cell.name)
    return path.removeprefix(f"{TIE_OFF_INSTANCE}.") if written else path


def _prepare(module: ys.Module, kept_signals: list[str], written: bool) -> None:
    for name in kept_signals:
        wire = module.wire(ident(name))
        if wire is None:
            raise UserError(f"kept signal '{name}' is missing from the pruned design")
        wire.port_output = True
    module.fixup_ports()
    _ports_for_side_effects(module, written)


def _balance_opaque_ports(gold: ys.Module, gate: ys.Module) -> None:
    """An opaque instance (a module the front end cannot elaborate) that pruning removed as dead
    is on the original's side only: what it reads is not observed there either, and what it
    drives is the same free input on both sides (unread on the pruned one). Were it not dead,
    the original's observed signals would depend on an input the pruned design ignores."""
    ports = {side: {plain(w.name): w for w in side.wires_.values()
                    if w.port_id and plain(w.name).startswith("rtlprune_opaque_")} for side in (gold, gate)}
    for side, other in ((gold, gate), (gate, gold)):
        for name, wire in ports[side].items():
            if name in ports[other]:
                continue
            if wire.port_input:
                other.addWire(ident(name), wire.width).port_input = True
            else:
                wire.port_output = False
    gold.fixup_ports()
    gate.fixup_ports()


def _remove_all_but(design: ys.Design, *names: str) -> None:
    """Every module but `names` and the blackboxes, whose port directions say which ports of an
    instance it drives."""
    for module in list(design.modules_.values()):
        if plain(module.name) not in names and not module.get_blackbox_attribute():
            design.remove(module)


def prove_equivalent(req: EquivRequest) -> dict:
    """Prove `req.pruned` equal to `req.sources` on the observed signals for `req.cycles` cycles."""
    spec = req.spec
    design = ys.Design()
    r = req.read
    read_sources(design, req.sources, sv=r.sv, defines=r.defines, incdirs=r.incdirs, frontend=r.frontend,
                 top=req.top, parameters=r.parameters, slang_args=r.slang_args, keep_hierarchy=not r.flat,
                 skip_definitions=r.skip_definitions, blackboxed=r.blackboxed)
    for command in (f"hierarchy -check -top {req.top}", "proc", "flatten -noscopeinfo",
                    "rtlprune_observe" + "".join(f" -drop {p}" for p in spec["dropped_outputs"])
                    + "".join(f" -keep {k}" for k in spec["kept_signals"])
                    + (" -drop_prints" if spec["drop_prints"] else "")
                    + (" -drop_assertions" if spec["drop_assertions"] else ""),
                    f"rename {req.top} rtlprune_gold"):
        ys.run_pass(command, design)
    _remove_all_but(design, "rtlprune_gold")  # the pruned file may define modules of the same names
    # What Yosys wrote alone has one reading; the source's text that the output carries for
    # instances kept whole is read as the original is.
    text = Path(req.pruned).read_text(encoding="latin-1")
    generated = text.startswith(WRITER_LINT_OFF + "/* Generated by Yosys") and SOURCE_TEXT_MARK not in text
    # A text instance deep in the hierarchy has the netlist's escaped name (`\\sh.u.m `), for
    # which yosys-slang's module per instance, `mul2$top.\\sh.u.m `, is no RTLIL name: such an
    # output is read flattened at once. Otherwise as the original is, so that equal prints pair
    # by the same flattened names.
    escaped = bool(re.search(r"^  [A-Za-z_]\w* \\\S+\s+\(", text, re.M)) and SOURCE_TEXT_MARK in text
    read_sources(design, [req.pruned], sv=True, frontend="yosys" if generated else req.read.frontend,
                 top=None if generated else req.top, keep_hierarchy=not escaped and not r.flat,
                 blackboxed=r.blackboxed)
    ys.run_pass("proc", design)
    ys.run_pass(f"flatten -noscopeinfo {req.top}", design)
    ys.run_pass(f"rename {req.top} rtlprune_gate", design)
    _remove_all_but(design, "rtlprune_gold", "rtlprune_gate")
    for name in ("rtlprune_gold", "rtlprune_gate"):
        _prepare(design.module(ident(name)), spec["kept_signals"], written=name == "rtlprune_gate")
    _balance_opaque_ports(design.module(ident("rtlprune_gold")), design.module(ident("rtlprune_gate")))
    ys.run_pass("memory", design)
    loads_that_hold_as_enables(design)  # `if (rst) q <= {q[3:2], 2'h1};`: no loop for async2sync
    ys.run_pass("async2sync", design)  # sat has no model of asynchronous resets
    ys.run_pass("opt_clean", design)
    ys.run_pass("miter -equiv -flatten -make_assert -make_outputs -ignore_gold_x rtlprune_gold rtlprune_gate "
                "rtlprune_miter", design)
    ys.run_pass("hierarchy -top rtlprune_miter", design)
    reset = f" -set-at 1 in_{req.reset} 1" if req.reset else ""
    # A model found is dumped before -verify fails, which ends this process: the caller reads it.
    dump = f' -show-ports -dump_json "{req.counterexample}"' if req.counterexample else ""
    ys.run_pass(f"sat -verify -prove-asserts -enable_undef -set-def-inputs -set-init-zero -seq {int(req.cycles)}{reset}{dump} "
                f"-timeout {int(req.timeout)} rtlprune_miter", design)
    return {"equivalent": True, "cycles": int(req.cycles)}
