"""The Yosys commands `rtlprune_observe`, `rtlprune_cone`, `rtlprune_hier_cone`,
`rtlprune_tidy` and `rtlprune_separate_clockings`, written against pyosys.

Importing this module registers them; in a pyosys-hosted Yosys, `plugin -i passes.py` does
the same. `rtlprune_cone` works on the top module of a flattened design (run `flatten`
first), `rtlprune_hier_cone` on the hierarchy.
"""

from __future__ import annotations

import json
import os
import tempfile

from pyosys import libyosys as ys

from yosys_passes.cells import FLIP_FLOP, KINDS
from yosys_passes.cone import Cone, compute_cone
from yosys_passes.cut import CutSummary, apply_cut
from yosys_passes.hier_cone import HierCone, HierCut, apply_hier_cut, compute_hier_cone
from yosys_passes.netlist import load_design, load_netlist
from yosys_passes.observe import (
    keep_blackboxes,
    mark_kept,
    remove_side_effects,
    strip_unobserved_keep,
    tie_output_to_zero,
)
from yosys_passes.pyosys_util import ident, plain
from yosys_passes.tidy import fold_constant_compares, merge_duplicate_mux_bits, separate_clockings


def _design_json(design: ys.Design) -> str:
    fd, path = tempfile.mkstemp(suffix=".json", prefix="rtlprune_cone_")
    os.close(fd)
    try:
        ys.run_pass(f"tee -q write_json {path}", design)
        with open(path, encoding="latin-1") as f:  # strings ($display formats) may hold any byte
            return f.read()
    finally:
        os.unlink(path)


def prune_to_cone(design: ys.Design) -> tuple[Cone, CutSummary]:
    """What `rtlprune_cone` does, returning the cone and the cut (for reports and --explain)."""
    module = _top(design)
    netlist = load_netlist(_design_json(design), plain(module.name))
    cone = compute_cone(netlist)
    cut = apply_cut(module, cone)
    ys.log(f"Removed {cut.removed_cells} cells, narrowed {cut.narrowed_cells} "
           f"(-{cut.removed_ff_bits} FF bits, -{cut.removed_memory_columns} memory columns, "
           f"-{cut.removed_read_ports} read ports).\n")
    return cone, cut


def _top(design: ys.Design) -> ys.Module:
    module = design.top_module()
    if module is None:
        ys.log_error("rtlprune: no top module; run `hierarchy -top <name>` first\n")
    return module


class ObservePass(ys.Pass):
    def __init__(self):
        super().__init__("rtlprune_observe", "apply an rtlprune observation spec to the top module")

    def help(self):
        ys.log(
            "\n"
            "    rtlprune_observe [options]\n"
            "\n"
            "Apply an observation spec to the flattened top module. Dropped outputs are driven\n"
            "by constant 0; the port list and its order stay as they are. Kept internal signals\n"
            "get the attributes `keep` and `rtlprune_keep`, so they survive every later pass\n"
            "under their hierarchical name. Synthesis `keep` attributes on other wires are\n"
            "removed: they are not observations. Blackbox instances get `keep`: their\n"
            "inputs are observed.\n"
            "\n"
            "    -drop <port>\n"
            "        drive output <port> with constant 0. May be repeated.\n"
            "        example: rtlprune_observe -drop io_mem_w_bits_data\n"
            "\n"
            "    -keep <signal>\n"
            "        observe the internal signal <signal>. May be repeated.\n"
            "        example: rtlprune_observe -keep core.compute.state\n"
            "\n"
            "    -drop_prints\n"
            "        remove $print cells ($display and friends).\n"
            "\n"
            "    -drop_assertions\n"
            "        remove $check, $assert, $assume, $cover, $live and $fair cells.\n"
            "\n"
        )

    def execute(self, args, design):
        drop, keep, prints, assertions = [], [], False, False
        argv = list(args)[1:]
        i = 0
        while i < len(argv):
            a = argv[i]
            if a in ("-drop", "-keep") and i + 1 < len(argv):
                (drop if a == "-drop" else keep).append(argv[i + 1])
                i += 2
                continue
            if a == "-drop_prints":
                prints = True
            elif a == "-drop_assertions":
                assertions = True
            else:
                ys.log_error(f"rtlprune_observe: unknown option '{a}'\n")
            i += 1
        module = _top(design)
        try:
            for port in drop:
                tie_output_to_zero(module, port)
            mark_kept(module, keep)
        except ValueError as e:
            ys.log_error(f"rtlprune_observe: {e}\n")
        strip_unobserved_keep(module)
        keep_blackboxes(design, module)
        removed = remove_side_effects(module, prints, assertions)
        ys.log(f"Dropped {len(drop)} outputs, kept {len(keep)} internal signals, "
               f"removed {removed} print/assertion cells.\n")


def _json_option(command: str, args) -> str | None:
    """The file of `-json <file>`, the only option of the cone commands."""
    argv = list(args)[1:]
    if len(argv) == 2 and argv[0] == "-json":
        return argv[1]
    if argv:
        ys.log_error(f"{command}: unknown arguments '{' '.join(argv)}'\n")
    return None


def _write_summary(path: str | None, summary: dict) -> None:
    if path:
        with open(path, "w") as f:
            json.dump(summary, f, indent=1)


class ConePass(ys.Pass):
    def __init__(self):
        super().__init__("rtlprune_cone", "remove every bit outside the cone of the observed signals")

    def help(self):
        ys.log(
            "\n"
            "    rtlprune_cone [options]\n"
            "\n"
            "Compute the bit-precise sequential cone of influence of the observed signals of\n"
            "the flattened top module: output ports, wires with the rtlprune_keep attribute,\n"
            "$print and assertion cells, blackbox instances and cells with a keep attribute.\n"
            "Then remove what lies outside it: cells no observed bit needs are deleted;\n"
            "flip-flops, muxes, bitwise cells, $add/$sub/$mul/$neg and memories ($mem_v2,\n"
            "after `memory -nomap`) are narrowed to the bits, read ports and data columns\n"
            "that are needed. Run `opt_clean` afterwards.\n"
            "\n"
            "    -json <file>\n"
            "        write a summary of the cut as JSON.\n"
            "        example: rtlprune_cone -json cone.json\n"
            "\n"
        )

    def execute(self, args, design):
        summary_path = _json_option("rtlprune_cone", args)
        _cone, cut = prune_to_cone(design)
        _write_summary(summary_path, vars(cut))


def prune_hierarchy_to_cone(design: ys.Design) -> tuple[HierCone, HierCut]:
    """What `rtlprune_hier_cone` does, returning the cone and the cut."""
    top = plain(_top(design).name)
    cone = compute_hier_cone(load_design(_design_json(design)), top)
    cut = apply_hier_cut(design, cone)
    ys.run_pass(f"tee -q hierarchy -top {ident(top).str()}", design)
    s = cut.summary
    ys.log(f"{len(cone.contexts)} instances (the top included) in {len(cut.modules)} modules, "
           f"{sum(len(c) for c in cut.copies.values())} of them copies of a module whose instances need different bits. "
           f"Removed {s.removed_cells} cells, narrowed {s.narrowed_cells} "
           f"(-{s.removed_ff_bits} FF bits, -{s.removed_memory_columns} memory columns, "
           f"-{s.removed_read_ports} read ports), counted per instance.\n")
    return cone, cut


class HierConePass(ys.Pass):
    def __init__(self):
        super().__init__("rtlprune_hier_cone", "rtlprune_cone over the hierarchy, without flattening")

    def help(self):
        ys.log(
            "\n"
            "    rtlprune_hier_cone [options]\n"
            "\n"
            "Compute the cone of rtlprune_cone over the design's hierarchy instead of a\n"
            "flattened top: one walk per instance, which goes on into an instance at a\n"
            "needed output bit and out of it at a needed input bit, so the needed bits are\n"
            "those of the flattened design, bit for bit. Each module is then cut to its\n"
            "instances' cone; instances of one module that need different bits get copies\n"
            "of it (<module>$rtlprune$<n>), instances that need the same bits share one.\n"
            "Modules no instance names any more are removed (hierarchy -top). Blackbox\n"
            "instances are observed, as in rtlprune_cone. Run `opt_clean` afterwards.\n"
            "\n"
            "    -json <file>\n"
            "        write a summary of the cut as JSON.\n"
            "        example: rtlprune_hier_cone -json cone.json\n"
            "\n"
        )

    def execute(self, args, design):
        summary_path = _json_option("rtlprune_hier_cone", args)
        _cone, cut = prune_hierarchy_to_cone(design)
        _write_summary(summary_path, {**vars(cut.summary), "modules": cut.modules, "copies": cut.copies})


class TidyPass(ys.Pass):
    def __init__(self):
        super().__init__("rtlprune_tidy", "shape the netlist so write_verilog output simulates fast")

    def help(self):
        ys.log(
            "\n"
            "    rtlprune_tidy\n"
            "\n"
            "Rewrite what write_verilog would otherwise emit in a form Verilator evaluates\n"
            "slowly, without changing behaviour. In a $mux, an output bit whose data bits\n"
            "are one bit b becomes b, one whose data bits are the constants 0 and 1 becomes the\n"
            "select (1 and 0: its inverse), and output bits with the same pair of data bits\n"
            "share one bit, in muxes where at most one such bit is left (enable-like muxes;\n"
            "data muxes are left alone); repeated until nothing changes. A memory write\n"
            "enable that proc built as a wide mux (en ? 1..1 : 0..0) becomes one net per word\n"
            "or lane, so write_verilog writes memory words and lanes whole, not bit by bit.\n"
            "Unsigned compares whose answer is constant (0 <= x, x >= 0, x < 0, 0 > x) become\n"
            "that constant: Verilator warns about them (UNSIGNED).\n"
            "Works on every selected module. Run `opt_clean` afterwards.\n"
            "\n"
        )

    def execute(self, args, design):
        if len(args) > 1:
            ys.log_error(f"rtlprune_tidy: unknown arguments '{' '.join(list(args)[1:])}'\n")
        modules = design.selected_modules()
        folded = sum(fold_constant_compares(m) for m in modules)
        total, rounds = 0, 0
        # Each round narrows the muxes whose inputs the previous round made duplicates; opt_clean
        # in between makes those duplicates visible as one net.
        while rounds < 32:
            count = sum(merge_duplicate_mux_bits(m) for m in modules)
            if not count:
                break
            total, rounds = total + count, rounds + 1
            ys.run_pass("opt_clean", design)
        ys.log(f"Folded {folded} constant compares; rewrote {total} $mux cells in {rounds} rounds.\n")


class SeparateClockingsPass(ys.Pass):
    def __init__(self):
        super().__init__("rtlprune_separate_clockings", "one wire per clocking for flip-flops that share a wire")

    def help(self):
        ys.log(
            "\n"
            "    rtlprune_separate_clockings\n"
            "\n"
            "Give each flip-flop whose output shares a wire with a flip-flop of another\n"
            "clocking (clock, asynchronous controls, their polarities) a wire of its own, which\n"
            "the shared wire reads. write_verilog would otherwise write one reg from always\n"
            "blocks of different sensitivity, which Verilator warns about (MULTIDRIVEN).\n"
            "Works on every selected module. Run it last: opt_clean -purge would join the\n"
            "wires again.\n"
            "\n"
        )

    def execute(self, args, design):
        if len(args) > 1:
            ys.log_error(f"rtlprune_separate_clockings: unknown arguments '{' '.join(list(args)[1:])}'\n")
        storage = {t for t, kind in KINDS.items() if kind is FLIP_FLOP}
        moved = sum(separate_clockings(m, storage) for m in design.selected_modules())
        ys.log(f"Gave {moved} flip-flops a wire of their own.\n")


# Yosys keeps raw pointers to registered passes: these references must live as long as it.
_PASSES = [ObservePass(), ConePass(), HierConePass(), TidyPass(), SeparateClockingsPass()]
