"""Hierarchical references (`w.q.count`): no front end may read one as something else.

read_verilog (`--frontend yosys`) took an unresolved dotted name for an undeclared wire and
pruned the reference to a constant (../shared/fuzz-findings/yosys_hierarchical_reference_silent):
it now refuses it with file and line. A dotted name it does resolve (a generate block's wire)
and an implicit plain net (declared by a port connection) read as before."""

from conftest import DESIGNS, run_cli

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
