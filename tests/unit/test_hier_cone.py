"""rtlprune_hier_cone: the cone over the hierarchy is the flat cone, bit for bit, and instances
that need different bits of one module get copies of it (in process, like test_passes.py)."""

import json
from collections import Counter
from pathlib import Path

import pytest
from pyosys import libyosys as ys

import yosys_passes.passes  # noqa: F401  (registers the commands)
from rtlprune.engine.sources import read_commands
from rtlprune.fuzz.random_designs import generate
from yosys_passes.cone import compute_cone
from yosys_passes.hier_cone import compute_hier_cone
from yosys_passes.netlist import load_design, load_netlist
from yosys_passes.observe import keep_blackboxes
from yosys_passes.passes import _design_json

DESIGNS = Path(__file__).resolve().parent.parent / "designs"
SYSTOLIC = DESIGNS.parent.parent / "designs" / "systolic" / "systolic.v"


def _read(sources: list[str], top: str, observe: str, flat: bool, frontend: str = "slang") -> ys.Design:
    design = ys.Design()
    commands = [*read_commands(sources, [], any(s.endswith(".sv") for s in sources), [], [], frontend=frontend, top=top),
                f"hierarchy -top {top}", "proc"]
    commands += ["flatten -noscopeinfo", observe] if flat else [observe]
    for command in commands:
        ys.run_pass(f"tee -q {command}", design)
    for module in design.modules_.values():   # as the flow's spec step protects them in every module
        keep_blackboxes(design, module)
    for command in ["opt_clean", "memory_collect"]:
        ys.run_pass(f"tee -q {command}", design)
    return design


def _needed_by_type(cells, needed_bits, cell_needed, skip=()) -> Counter:
    """Needed cells by type, and their needed output bits ("bits")."""
    count = Counter()
    for ci, c in enumerate(cells):
        if ci in skip or not cell_needed(ci):
            continue
        count[c.type] += 1
        count["bits"] += sum(1 for bits in c.outputs.values() for b in bits if type(b) is int and needed_bits[b])
    return count


def _flat_and_hierarchical(sources, top, drop=(), keep=(), frontend="slang") -> tuple[Counter, Counter, int]:
    observe = "rtlprune_observe" + "".join(f" -drop {d}" for d in drop) + "".join(f" -keep {k}" for k in keep)
    flat = load_netlist(_design_json(_read(sources, top, observe, True, frontend)), top)
    cone = compute_cone(flat)
    expected = _needed_by_type(flat.cells, cone.needed, cone.cell_needed)
    hc = compute_hier_cone(load_design(_design_json(_read(sources, top, observe, False, frontend))), top)
    got = Counter()
    for ctx in hc.contexts:
        info = hc.modules[ctx.module]
        walk = ctx.walk
        got += _needed_by_type(info.netlist.cells, walk.needed, lambda ci, reason=walk.cell_reason: reason[ci] != -2,
                               set(info.instances))
    return expected, got, len(hc.contexts)


@pytest.mark.parametrize("source,top,drop", [
    (SYSTOLIC, "systolic", ["result_data"]),
    (DESIGNS / "fuzz_seed247.v", "top", ["o0", "o3"]),
    (DESIGNS / "fuzz_seed2310.v", "top", ["o0"]),
    (DESIGNS / "hier_effects.sv", "hier_effects", ["scrambled_data"]),
    (DESIGNS / "dead_instances.sv", "dead_instances", ["junk_data"]),
    (DESIGNS / "whole_and_pruned.v", "whole_and_pruned", ["data"]),
])
@pytest.mark.parametrize("frontend", ["slang", "yosys"])
def test_the_cone_over_the_hierarchy_is_the_flat_cone(source, top, drop, frontend):
    expected, got, contexts = _flat_and_hierarchical([str(source)], top, drop, frontend=frontend)
    assert contexts > 1 and expected["bits"] > 0
    assert got == expected


def test_on_generated_hierarchical_designs_the_cone_is_the_flat_cone(tmp_path):
    """The fuzzer's designs, half of them hierarchical: its drops and kept registers."""
    hierarchical = 0
    for seed in range(120, 220):
        design = generate(seed)
        if "peek" in design.text or "lsd8" in design.text:   # read flat, or not elaborated
            continue
        source = tmp_path / f"{seed}.v"
        source.write_text(design.text)
        expected, got, contexts = _flat_and_hierarchical([str(source)], design.top, design.drop, design.keep)
        assert got == expected, seed
        hierarchical += contexts > 1
    assert hierarchical >= 20


SHARED = """
module leaf(input clk, input [3:0] d, output reg [3:0] q, output reg [7:0] w);
  always @(posedge clk) begin q <= d + 1; w <= w * d; end
endmodule
module mid(input clk, input [3:0] d, output [3:0] q, output [7:0] w);
  leaf l(.clk(clk), .d(d), .q(q), .w(w));
endmodule
module top(input clk, input [3:0] a, b, c, output [3:0] x, y, z, output [7:0] wx, wy, wz);
  mid u0(.clk(clk), .d(a), .q(x), .w(wx));
  mid u1(.clk(clk), .d(b), .q(y), .w(wy));
  mid u2(.clk(clk), .d(c), .q(z), .w(wz));
endmodule
"""


def test_instances_that_need_different_bits_get_copies_and_the_others_share(tmp_path):
    source = tmp_path / "shared.v"
    source.write_text(SHARED)
    design = _read([str(source)], "top", "rtlprune_observe -drop wx -drop wy", False, frontend="yosys")
    summary = tmp_path / "cut.json"
    ys.run_pass(f"tee -q rtlprune_hier_cone -json {summary}", design)
    ys.run_pass("tee -q opt_clean", design)
    cut = json.loads(summary.read_text())
    assert cut["modules"] == {"leaf": 2, "mid": 2, "leaf$rtlprune$1": 1, "mid$rtlprune$1": 1, "top": 1}
    assert cut["copies"] == {"leaf": ["leaf$rtlprune$1"], "mid": ["mid$rtlprune$1"]}
    top = design.module(ys.IdString("\\top"))
    types = {c.name.str(): c.type.str() for c in top.cells_.values()}
    assert types == {"\\u0": "\\mid", "\\u1": "\\mid", "\\u2": "\\mid$rtlprune$1"}

    def flip_flop_bits(name):
        return sum(c.getPort(ys.IdString("\\Q")).size() for c in design.module(ys.IdString(name)).cells_.values()
                   if c.type.str() == "$dff")
    assert flip_flop_bits("\\leaf") == 4            # w is gone where wx and wy are dropped
    assert flip_flop_bits("\\leaf$rtlprune$1") == 12   # u2's wz is observed


def test_an_instance_that_holds_a_print_an_assertion_or_a_blackbox_stays_when_its_outputs_go():
    """dead_instances.sv: every output of u_p, u_c and u_h feeds only the dropped junk_data; they
    hold a print, an assertion and a blackbox instance, u_a and u_b nothing observed."""
    design = _read([str(DESIGNS / "dead_instances.sv")], "dead_instances", "rtlprune_observe -drop junk_data",
                   False)
    ys.run_pass("tee -q rtlprune_hier_cone", design)
    ys.run_pass("tee -q opt_clean", design)
    top = design.module(ys.IdString("\\dead_instances"))
    names = {c.name.str() for c in top.cells_.values() if not c.type.str().startswith("$")}
    assert {"\\u_p", "\\u_c", "\\u_h"} <= names and not names & {"\\u_a", "\\u_b"}
