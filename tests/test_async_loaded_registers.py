"""A flip-flop that only its asynchronous load ever sets (its clocked assignment is under a
condition that folds to 0) keeps that value, as Verilator holds it: yosys-slang left it
undriven and the pruned output read `x` (../shared/fuzz-findings/slang_async_reset_only_ff).
The flow reads such an always block from a copy that assigns the variable to itself first
(engine/async_registers.py); and the formal check takes an `x` in the pruned design where
the original has a value for a difference."""

import pytest
from conftest import DESIGNS, assert_equivalent

from rtlprune.errors import UserError
from rtlprune.fuzz.oracles import cosimulate
from rtlprune.fuzz.random_designs import RandomDesign
from rtlprune.hdl.async_hold import BodyRange, assigns, hold_variables

SOURCE = DESIGNS / "async_load_only.v"
DESIGN = RandomDesign(seed=11, text=SOURCE.read_text(), top="async_load_only",
                      outputs=[("o", 2), ("q", 4), ("s", 2), ("live", 2), ("p", 2)], inputs=[("a", 2)], registers=[])
FINDING = ("module top(input clk, input arst_n, input [1:0] a, output [1:0] o, output [1:0] p);\n"
           "  reg [1:0] r;\n  always @(posedge clk or negedge arst_n)\n"
           "    if (!arst_n) r <= 2'd3;\n    else if ((~|1'd1) && a[0]) r <= a;\n"
           "  assign o = r;\n  assign p = a;\nendmodule\n")


def test_a_self_assignment_goes_first_in_the_block_the_body_stands_in():
    text = "always @(posedge c or posedge r)\n  if (r) x <= 1; else y <= 2;\n"
    assert hold_variables(text, {BodyRange(2, 3, 2, 30): ["x"]}) == \
        "always @(posedge c or posedge r)\n  begin x <= x; if (r) x <= 1; else y <= 2; end\n"
    block = "always @(posedge c or posedge r) begin : b\n  if (r) x <= 1; else y <= 2;\nend\n"
    assert hold_variables(block, {BodyRange(2, 3, 2, 30): ["x"]}) == \
        "always @(posedge c or posedge r) begin : b\n  x <= x; if (r) x <= 1; else y <= 2;\nend\n"
    assert assigns("if (r) x[1:0] <= 1;", "x") and assigns("x = 2;", "x")
    assert not assigns("if (x == 1) y <= 2; // x <= 3", "x") and not assigns("xx <= 1;", "x")


@pytest.mark.slow  # a SAT proof and two Verilator builds per front end
@pytest.mark.parametrize("frontend", ["slang", "yosys"])
def test_a_flip_flop_only_its_asynchronous_load_sets_is_kept(prune, tmp_path, frontend):
    p = prune([SOURCE], "--drop", "p", "--frontend", frontend)
    assert "'hx" not in p.verilog
    assert p.report["after"]["ff_bits"] == 2 + 4 + 2 + 2   # r, t (t[3:2] holds its first value), u, l
    assert_equivalent(p, [SOURCE], reset="rst", cycles=6, frontend=frontend)
    verdict = cosimulate(DESIGN, SOURCE, p.output, p.report, tmp_path / "cosim", cycles=200)
    assert verdict.ok, verdict.message


@pytest.mark.slow  # SAT proofs
def test_the_findings_design_keeps_its_flip_flop_and_a_pruned_x_fails_the_proof(prune, tmp_path):
    src = tmp_path / "arst.v"
    src.write_text(FINDING)
    p = prune([src], "--top", "top", "--drop", "p")
    assert "if (!arst_n) o <= 2'h3;" in p.verilog
    assert_equivalent(p, [src], reset=None, cycles=6)
    p.output.write_text(p.verilog.replace("reg [1:0] o;", "").replace("if (!arst_n) o <= 2'h3;", "")
                        .replace("else o <= o;", "").replace("always @(posedge clk, negedge arst_n)",
                                                             "assign o = 2'hx;"))
    with pytest.raises(UserError, match=r"o differs in cycle 1 \(original 2'b00, pruned 2'bxx\)"):
        assert_equivalent(p, [src], reset=None, cycles=6)


def test_one_that_cannot_be_read_again_is_refused_with_file_and_line(tmp_path):
    """The block sits in an `include file, which rtlprune does not copy: refused, never `x`."""
    from conftest import run_cli

    (tmp_path / "body.vh").write_text("  always @(posedge clk or posedge rst)\n    if (rst) r <= 2'd3;\n"
                                      "    else if (1'b0) r <= a;\n")
    (tmp_path / "inc.v").write_text("module top(input clk, input rst, input [1:0] a, output [1:0] o, output [1:0] p);\n"
                                    "  reg [1:0] r;\n`include \"body.vh\"\n  assign o = r;\n  assign p = a;\nendmodule\n")
    proc = run_cli(["inc.v", "--drop", "p", "-o", "p.v"], tmp_path)
    assert proc.returncode == 2 and proc.stderr == (
        "rtlprune: error: body.vh:2: the slang front end reads 'r' as undriven, though this always block assigns "
        "it; --frontend yosys reads it\n")
    assert not (tmp_path / "p.v").exists()
