"""Hierarchical references (`w.q.count`): no front end may read one as something else.

read_verilog (`--frontend yosys`) took an unresolved dotted name for an undeclared wire and
pruned the reference to a constant (../shared/fuzz-findings/yosys_hierarchical_reference_silent):
it now refuses it with file and line. A dotted name it does resolve (a generate block's wire)
and an implicit plain net (declared by a port connection) read as before. The default front
end (slang) follows every reference Verilator reads."""

import pytest
from conftest import DESIGNS, assert_equivalent, run_cli

from rtlprune.fuzz.oracles import cosimulate
from rtlprune.fuzz.random_designs import RandomDesign

XMR = DESIGNS / "xmr_fifo_count.v"


def test_the_yosys_front_end_refuses_a_reference_it_cannot_follow(tmp_path):
    proc = run_cli([XMR, "--top", "top", "--drop", "data", "--frontend", "yosys", "-o", "p.v"], tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == [
        f"rtlprune: error: {XMR}:9: hierarchical reference 'w.q.count': --frontend yosys cannot follow it "
        "(read_verilog would read it as an undeclared wire); the default front end (slang) reads it"]
    assert not any(tmp_path.iterdir())


def test_the_yosys_front_end_still_reads_generate_names_and_implicit_nets(prune, tmp_path):
    src = tmp_path / "implicit.v"
    src.write_text("module m(input a, output b); assign b = ~a; endmodule\n"
                   "module top(input a, output b, output c);\n"
                   "  m u(.a(a), .b(n));\n  assign b = n;\n"
                   "  generate if (1) begin : g wire w = a; end endgenerate\n"
                   "  assign c = g.w;\nendmodule\n")
    p = prune([src], "--top", "top", "--frontend", "yosys", "--drop", "none", "--no-source-text")
    assert "assign b = ~ a;" in p.verilog and "assign c = a;" in p.verilog


REFERENCES = DESIGNS / "hierarchical_references.v"
REFERENCES_DESIGN = RandomDesign(seed=7, text=REFERENCES.read_text(), top="xmr_all",
                                 outputs=[("level", 4), ("data", 8), ("lane1", 3), ("echo", 4), ("probed", 4)],
                                 inputs=[("push", 1), ("din", 8)], registers=[], reset=None)


@pytest.mark.slow  # SAT proofs and Verilator builds
@pytest.mark.parametrize("source, design", [(XMR, RandomDesign(seed=3, text=XMR.read_text(), top="top",
                                                               outputs=[("level", 4), ("data", 8)],
                                                               inputs=[("push", 1), ("din", 8)], registers=[],
                                                               reset=None)),
                                            (REFERENCES, REFERENCES_DESIGN)], ids=["finding", "every direction"])
def test_the_default_front_end_follows_hierarchical_references(prune, tmp_path, source, design):
    """Downward into a register, into a generate block, upward by the top's name, from a
    $display, into an instance otherwise dead: slang follows them where it reads the design
    flat, which rtlprune then does (the report says where and why); the cone keeps what they
    read and no more."""
    p = prune([source], "--top", design.top, "--drop", "data")
    assert p.report["read_flat"].startswith(f"{source}:")
    assert "read flat, one module for the whole design" in p.stdout
    assert "data = 8'h00" in p.verilog
    if source == REFERENCES:
        assert "reg [3:0] probed;" in p.verilog           # the dead probe's low half, no more
        assert p.report["after"]["ff_bits"] == 4 + 3 + 4 + 8   # count, hits of lane 1, probe, the printed last
    assert_equivalent(p, [source], reset=None, cycles=10)
    verdict = cosimulate(design, source, p.output, p.report, tmp_path / "cosim", cycles=300)
    assert verdict.ok, verdict.message


@pytest.mark.slow  # a SAT proof
def test_the_source_form_of_a_design_read_flat_is_proven_as_it_was_read(tmp_path):
    """The pruned output as the source's text behind a tie-off wrapper holds the reference: the
    formal check reads it flat too, as the Result's options say (fuzz seeds 33, 42)."""
    import rtlprune

    result = rtlprune.prune([XMR], top="top", drop=["data"], output=tmp_path / "p.v", top_form="source")
    assert result.report.data["source_text"]["top_form"]["form"] == "source_tie_off"
    assert result.options.flat == f"{XMR}:9: a hierarchical reference"
    assert rtlprune.check_equivalence(result, cycles=6)["equivalent"] is True
