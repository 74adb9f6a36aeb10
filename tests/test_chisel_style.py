"""Chisel-style Verilog, unmodified and without -D SYNTHESIS: its $fwrite printf and assert
blocks are read (slang front end), observed, written back, and the result is proven equal."""

import pytest
from conftest import DESIGNS, assert_equivalent, assert_verilator_builds

pytestmark = pytest.mark.slow  # a formal proof and a Verilator build

CHISEL = DESIGNS / "chisel_style.v"


def test_printf_and_assert_blocks_are_read_and_kept(prune, tmp_path):
    p = prune([CHISEL], "--drop", "io_out_bits")
    assert p.report["side_effects_observed"] == {"prints": 2, "assertions": 1, "finishes": 0, "blackboxes": 0}
    text = p.verilog
    assert '$fwrite(32\'h80000002, "in %3d count %2d\\n"' in text
    assert '$fwrite(32\'h80000002, "Assertion failed: overflow' in text
    assert "$fatal;" in text
    assert p.cells("$add") == 1  # the accumulator fed io_out_bits only: gone; the counter stays
    assert_equivalent(p, [CHISEL], reset="reset", cycles=10)
    assert_verilator_builds(p, tmp_path)


def test_fwrite_to_a_file_is_refused_with_its_line(tmp_path):
    from conftest import run_cli

    src = tmp_path / "f.v"
    src.write_text("module f(input clock, input [7:0] a, output [7:0] y);\n  integer fd;\n"
                   "  always @(posedge clock) $fwrite(fd, \"%d\\n\", a);\n  assign y = a;\nendmodule\n")
    proc = run_cli([src, "-o", "out.v"], tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.strip() == (f"rtlprune: error: {src}:3: $fwrite: only $fwrite to stdout or stderr "
                                   "(32'h80000001, 32'h80000002) is supported")
