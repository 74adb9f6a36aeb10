"""Each rtlprune Yosys command on inline Verilog, in process (like Yosys' own tests/opt/*.ys)."""

import json
from pathlib import Path

import pytest
from pyosys import libyosys as ys

import yosys_passes.passes  # noqa: F401  (registers the commands)
from rtlprune.engine.stats import module_stats
from yosys_passes.pyosys_util import ident


@pytest.fixture
def load(tmp_path):
    def _load(verilog: str, flat: bool = True, memories: bool = False) -> ys.Design:
        src = tmp_path / "design.sv"
        src.write_text(verilog)
        design = ys.Design()
        commands = [f'read_verilog -sv "{src}"', "hierarchy -check -auto-top", "proc"]
        commands += ["opt_clean", "memory_dff", "opt_clean", "memory_collect"] if memories else []
        commands += ["flatten -noscopeinfo"] if flat else []
        for command in commands:
            run(design, command)
        return design

    return _load


def run(design: ys.Design, command: str) -> None:
    ys.run_pass(f"tee -q {command}", design)


def ports(design: ys.Design, tmp_path: Path) -> dict:
    path = tmp_path / "out.json"
    run(design, f'write_json "{path}"')
    module = design.top_module().name.str()[1:]
    return json.loads(path.read_text())["modules"][module]["ports"]


def cells_of(design: ys.Design, cell_type: str) -> list:
    return [c for c in design.top_module().cells_.values() if c.type.str() == cell_type]


MAC = """
module mac(input clk, input [7:0] a, b, output reg [15:0] acc, output tick);
  reg [3:0] count;
  always @(posedge clk) begin acc <= acc + a * b; count <= count + 1; end
  assign tick = count[0];
endmodule
"""


def test_observe_drop_ties_the_output_to_zero_in_place(load, tmp_path):
    design = load(MAC)
    before = list(ports(design, tmp_path))
    run(design, "rtlprune_observe -drop acc")
    run(design, "opt_clean")
    after = ports(design, tmp_path)
    assert list(after) == before                       # same ports, same order
    assert after["acc"]["bits"] == ["0"] * 16
    assert not cells_of(design, "$mul")                # its only reader is gone


def test_observe_keep_marks_the_wire_and_unmarks_synthesis_keep(load):
    design = load("""
module t(input clk, input [3:0] d, output q);
  (* keep *) wire [3:0] syn = d ^ 4'h5;
  reg [3:0] state;
  always @(posedge clk) state <= syn;
  assign q = state[0];
endmodule""")
    run(design, "rtlprune_observe -keep state")
    top = design.top_module()
    assert top.wire(ident("state")).has_attribute(ident("rtlprune_keep"))
    assert not top.wire(ident("syn")).has_attribute(ident("keep"))


def test_cone_narrows_a_register_to_the_bit_an_output_reads(load):
    design = load(MAC)
    run(design, "rtlprune_observe -drop acc")
    run(design, "opt_clean")
    run(design, "rtlprune_cone")
    run(design, "opt_clean")
    ffs = cells_of(design, "$dff")
    assert [c.getParam(ident("WIDTH")).as_int() for c in ffs] == [1]   # count[0] only: tick
    assert module_stats(design.top_module()).ff_bits == 1


def test_cone_keeps_the_memory_columns_an_output_reads(load, tmp_path):
    design = load("""
module m(input clk, input we, input [1:0] wa, ra, input [7:0] wd, output reg [7:0] rd, output flag);
  reg [7:0] mem [0:3];
  always @(posedge clk) begin if (we) mem[wa] <= wd; rd <= mem[ra]; end
  assign flag = rd[6] ^ rd[1];
endmodule""", memories=True)
    assert module_stats(design.top_module()).memory_bits == 32
    run(design, "rtlprune_observe -drop rd")
    run(design, "opt_clean")
    run(design, f"rtlprune_cone -json {tmp_path / 'cut.json'}")
    summary = json.loads((tmp_path / "cut.json").read_text())
    assert summary["removed_memory_columns"] == 6
    assert module_stats(design.top_module()).memory_bits == 8


def test_tidy_folds_an_enable_mux_but_leaves_a_data_mux(load):
    design = load("""
module t(input s, input [7:0] a, b, output [7:0] en, output [7:0] data);
  assign en = s ? 8'hff : 8'h00;
  assign data = s ? a : b;
endmodule""")
    assert len(cells_of(design, "$mux")) == 2
    run(design, "rtlprune_tidy")
    run(design, "opt_clean")
    muxes = cells_of(design, "$mux")
    assert [m.getParam(ident("WIDTH")).as_int() for m in muxes] == [8]   # the data mux, whole
    top = design.top_module()
    sigmap = {}
    for lhs, rhs in top.connections():
        for lb, rb in zip(lhs, rhs):
            sigmap[(lb.wire.name.str(), lb.offset)] = rb
    s_bits = {sigmap[("\\en", i)] for i in range(8)}
    assert len(s_bits) == 1 and next(iter(s_bits)).wire.name.str() == "\\s"  # every enable bit is s


def test_statistics_count_storage_by_cell_kind(load):
    design = load(MAC)
    stats = module_stats(design.top_module())
    assert stats.ff_bits == 20 and stats.memory_bits == 0
    assert stats.cells_by_type["$mul"] == 1


def test_tidy_folds_unsigned_compares_with_zero_and_leaves_the_rest(load):
    design = load("""
module t(input [3:0] x, input signed [3:0] s, output [4:0] y);
  assign y = {1'b0 <= x, x < 1'b0, x >= 4'd0, 4'd0 > x, x < 4'd3};
endmodule""")
    assert len([c for c in design.top_module().cells_.values() if c.type.str() in ("$le", "$lt", "$ge", "$gt")]) == 5
    run(design, "rtlprune_tidy")
    run(design, "opt_clean")
    left = [c.type.str() for c in design.top_module().cells_.values() if c.type.str() in ("$le", "$lt", "$ge", "$gt")]
    assert left == ["$lt"]   # x < 3 is not constant


def _own_wires(design: ys.Design) -> int:
    return len([w for w in design.top_module().wires_.values() if w.name.str().startswith("$rtlprune$q$")])


def test_separate_clockings_moves_only_flip_flops_of_different_sensitivity(load):
    """Two blocks on one clock writing halves of one reg share a wire and keep it; a bit reset
    asynchronously beside bit of another block gets a wire of its own. Run several times: the
    clocking used to be compared by the address of a pyosys object, which changed the answer
    from run to run (two outputs of one command differed)."""
    same = """
module same(input clk, input [3:0] d, output [3:0] q);
  reg [3:0] r;
  always @(posedge clk) r[1:0] <= d[1:0];
  always @(posedge clk) r[3:2] <= d[3:2] ^ r[1:0];
  assign q = r;
endmodule"""
    mixed = """
module mixed(input clk, input rst, input [1:0] d, output [1:0] q);
  reg [1:0] r;
  always @(posedge clk or posedge rst)
    if (rst) r[0] <= 1'b0;
    else r[0] <= d[0];
  always @(posedge clk) r[1] <= d[1] ^ r[0];
  assign q = r;
endmodule"""
    for _ in range(20):
        design = load(same)
        assert len(cells_of(design, "$dff")) == 2
        run(design, "rtlprune_separate_clockings")
        assert _own_wires(design) == 0
        design = load(mixed)
        assert len(cells_of(design, "$adff")) == len(cells_of(design, "$dff")) == 1
        run(design, "rtlprune_separate_clockings")
        assert _own_wires(design) == 2
