"""The equivalence check itself must catch a pruned design that changes an observed signal:
a control comparison, a $display argument, a kept internal signal."""

import pytest
from conftest import DESIGNS, assert_equivalent

from rtlprune.errors import UserError

pytestmark = pytest.mark.slow  # formal proofs

CASES = {
    "control bit": (DESIGNS / "mac_fsm.v", [], "count == 5'h0f", "count == 5'h0e"),
    "print argument": (DESIGNS / "hier_effects.sv", ["--drop", "scrambled_data"],
                       "$unsigned(watched)", "$unsigned(watched ^ 8'h01)"),
    "kept signal": (DESIGNS / "hier_effects.sv", ["--drop", "scrambled_data", "--keep", "u_scr.s"],
                    "\\u_scr.s  ^ din", "\\u_scr.s  ^ ~din"),
}


@pytest.mark.parametrize("case", CASES)
def test_broken_pruned_design_is_caught(prune, case):
    source, args, old, new = CASES[case]
    p = prune([source], *args)
    assert_equivalent(p, [source], sv=source.suffix == ".sv")  # the honest result passes
    text = p.verilog
    assert text.count(old) == 1, old
    p.output.write_text(text.replace(old, new))
    with pytest.raises(UserError, match="proof did fail"):
        assert_equivalent(p, [source], sv=source.suffix == ".sv")


@pytest.mark.parametrize("frontend", ["slang", "yosys"])
def test_equal_prints_in_several_instances_are_paired_by_instance(prune, frontend):
    """Three instances print the same format (a fuzz design): an order-blind pairing of the
    prints reported a false failure for the read_verilog reading."""
    source = DESIGNS / "fuzz_seed2310.v"
    p = prune([source], "--top", "top", "--drop", "o0", "--drop", "o2", "--drop", "o4", "--drop", "o5",
              "--keep", "state13", "--frontend", frontend)
    assert p.cells("$print") == 3
    assert_equivalent(p, [source], reset=None, cycles=4, frontend=frontend)


def test_equal_prints_of_a_modules_text_pair_as_in_the_original(prune, tmp_path):
    """Three instances of one module's print stand at one place in the output's text: they pair
    with the original's by flattened name (fuzz seed 54: the proof failed on the source's own text)."""
    src = tmp_path / "prints.v"
    src.write_text("module pe(input clk, input rst, input en, output busy);\n  reg [3:0] cnt;\n"
                   "  always @(posedge clk) if (rst) cnt <= 4'd0; else if (en) cnt <= cnt + 4'd1;\n"
                   "  assign busy = cnt != 4'd0;\n"
                   "  always @(posedge clk) if (!rst && cnt == 4'd2) $display(\"pe cnt %0d\", cnt);\nendmodule\n"
                   "module prints(input clk, input rst, input [2:0] en, output [2:0] busy);\n"
                   "  pe p0(.clk(clk), .rst(rst), .en(en[0]), .busy(busy[0]));\n"
                   "  pe p1(.clk(clk), .rst(rst), .en(en[1]), .busy(busy[1]));\n"
                   "  pe p2(.clk(clk), .rst(rst), .en(en[2]), .busy(busy[2]));\nendmodule\n")
    p = prune([src], "--drop", "none", "--top-form", "auto")
    assert p.report["source_text"]["top"] is True
    assert_equivalent(p, [src], cycles=6)
