"""Pruned output lints clean under Verilator wherever the source does (fuzz findings
lint_unsigned and lint_huge_literal)."""

import pytest
from conftest import DESIGNS, assert_equivalent

from rtlprune import verilator

pytestmark = pytest.mark.slow  # Verilator lint of a 70,001-bit design

SHAPES = DESIGNS / "lint_shapes.v"


def _warnings(path, top: str = "lint_shapes", waivers: bool = True) -> list[str]:
    """Verilator's lint, with the project's waivers (WIDTH, CASEOVERLAP: lint_shapes.v draws
    them itself) or without (Verilator's default, what cocotb's build makes fatal)."""
    proc = verilator.lint([str(path)], top) if waivers else verilator.run(["--lint-only", "--top-module", top,
                                                                           str(path)])
    return [line for line in proc.stderr.splitlines() if line.startswith(("%Warning", "%Error"))]


def test_source_lints_clean():
    assert _warnings(SHAPES) == []


def test_constant_compare_and_wide_dropped_output_lint_clean(prune):
    p = prune([SHAPES], "--drop", "wide")
    text = p.verilog
    assert "70001'h" not in text and "{ {8{{8192{1'b0}}}}, {4465{1'b0}} }" in text
    assert "1'h0 <=" not in text and "< 1'h0" not in text
    assert _warnings(p.output) == []


def test_false_combinational_loop_is_split(prune, tmp_path):
    """Verilator's UNOPTFLAT on vectors that write_verilog joined (no bit from itself): the
    variable gets /*verilator split_var*/ and lints clean. The pruned pipeline of fuzz seed 95
    drew it until the back end dropped aliased names (opt_clean -purge); it still lints clean."""
    from rtlprune.hdl.false_loops import split_false_loops

    out = tmp_path / "loop.v"
    out.write_text((DESIGNS / "unoptflat_netlist.v").read_text())
    assert any("UNOPTFLAT" in w for w in _warnings(out, "top", waivers=False))
    assert split_false_loops(out, "top") == ["gp2[0].st"]
    assert "/*verilator split_var*/" in out.read_text()
    assert _warnings(out, "top", waivers=False) == []
    source = DESIGNS / "fuzz_seed95.v"
    p = prune([source], "--top", "top", "--drop", "o0", "--drop", "o1", "--drop", "o4", "--drop", "o5")
    assert _warnings(p.output, "top", waivers=False) == []
    assert_equivalent(p, [source], cycles=6)


def test_writer_idioms_draw_no_warning(prune):
    """mac_fsm lints clean; its netlist has `! state` of a 2-bit state and overlapping casez
    items (a $pmux), which draw WIDTH and CASEOVERLAP unless the output switches them off."""
    source = DESIGNS / "mac_fsm.v"
    assert _warnings(source, "mac_fsm", waivers=False) == []
    p = prune([source], "--drop", "result_data")
    assert "! state" in p.verilog and "casez" in p.verilog
    assert _warnings(p.output, "mac_fsm", waivers=False) == []


def test_latch_of_the_source_lints_clean(prune):
    """The latch a partly covered case makes is the source's own: it is written between
    lint_off and lint_on LATCH, and the pruned design holds the same value (formal)."""
    source = DESIGNS / "partial_case_latch.v"
    assert verilator.lint([str(source)], "partial_case_latch").stderr.count("%Warning") == 0
    p = prune([source], "--drop", "none", "--no-source-text")  # the writer's form, not the source's text
    assert "// verilator lint_off LATCH" in p.verilog
    proc = verilator.lint([str(p.output)], "partial_case_latch")
    assert [line for line in proc.stderr.splitlines() if line.startswith(("%Warning", "%Error"))] == []
    assert_equivalent(p, [source], reset=None, cycles=6)


def test_a_register_reset_in_part_is_not_written_from_blocks_of_different_sensitivity(prune, tmp_path):
    """`if (rst) q[0] <= 0; else q <= d;` makes q[0] an asynchronously reset flip-flop and q[1]
    a plain one: written as one reg from two always blocks, Verilator warned MULTIDRIVEN where
    the source, one block, is clean (fuzz seeds 40, 41, 51, 58)."""
    src = tmp_path / "part.v"
    src.write_text("module part(input clk, input rst, input [1:0] d, output [1:0] q, output [7:0] p);\n"
                   "  reg [1:0] r;\n  always @(posedge clk or posedge rst)\n"
                   "    if (rst) r[0] <= 1'b0;\n    else r <= d ^ r;\n"
                   "  assign q = r;\n  assign p = {4{d}};\nendmodule\n")
    assert _warnings(src, "part") == []
    p = prune([src], "--drop", "p")
    assert _warnings(p.output, "part") == [] and _warnings(p.output, "part", waivers=False) == []
    assert_equivalent(p, [src], cycles=6)
