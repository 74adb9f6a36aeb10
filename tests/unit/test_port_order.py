"""The output keeps the source's port order (yosys-slang numbers ports its own way; a testbench
that connects the DUT by position must still be wired right)."""

import subprocess
import sys
from pathlib import Path

from rtlprune.hdl.ports import header_port_names

DESIGNS = Path(__file__).parent.parent / "designs"


def test_header_port_names_ansi_with_parameters_and_attributes():
    text = """// a comment (x, y)
    module m #(parameter W = 8, parameter [1:0] K = 2'd1) (
      (* keep *) input wire clk,   /* a, b */
      input [W-1:0] din, dmask,
      output reg [W*2-1:0] q = 0,
      output logic valid
    );
    endmodule
    module other(input z); endmodule"""
    assert header_port_names(text, "m") == ["clk", "din", "dmask", "q", "valid"]
    assert header_port_names(text, "other") == ["z"]


def test_header_port_names_non_ansi_and_package_import():
    assert header_port_names("module n(b, a, \\c$x );\n input a; input b; output \\c$x ;\nendmodule", "n") == \
        ["b", "a", "c$x"]
    assert header_port_names("module p import pk::*; #(P=1) (input y, output x); endmodule", "p") == ["y", "x"]
    assert header_port_names("module q(.a(x[1]), .b(x[0])); endmodule", "q") is None
    assert header_port_names("module r(input a); endmodule", "missing") is None


def test_output_ports_in_source_order(tmp_path):
    out = tmp_path / "out.v"
    subprocess.run([sys.executable, "-m", "rtlprune", str(DESIGNS / "own_testbench" / "mac_unit.v"),
                    "--drop", "acc_out", "-o", str(out), "-q"], check=True)
    header = next(l for l in out.read_text().splitlines() if l.startswith("module "))
    assert header == "module mac_unit(clk, rst, a, b, start, busy, count, odd, acc_out);"
