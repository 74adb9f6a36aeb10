"""Printed text is observed byte for byte: a $display string byte that is not UTF-8 survives
pruning (write_verilog escaped 0xe9 as \\37777777751, which Verilog reads as other bytes)."""

import pytest

from rtlprune.simulation.backends import CxxBackend

pytestmark = pytest.mark.slow  # two Verilator builds

# 0xe9 is latin-1 e-acute, a raw byte in the source; the design counts to 3 and raises done.
SOURCE = b"""module print_bytes(input clk, input rst, output reg done, output reg [3:0] count);
  wire signed [7:0] neg = -8'sd3 - $signed({4'b0, count});
  always @(posedge clk) begin
    if (rst) begin count <= 0; done <= 0; end
    else begin
      count <= count + 1;
      done <= count == 3;
      $display("caf\xe9 %0d %0d", count, neg);
    end
  end
endmodule
"""


def _printed(verilog, tmp_path, name) -> bytes:
    backend = CxxBackend(clock="clk", reset="rst", reset_cycles=1, done="done", report=["count"])
    built = backend.build([verilog], "print_bytes", tmp_path / name)
    backend.run(built, ["+rtlprune_max_cycles=20"], tmp_path / name / "run")
    out = (tmp_path / name / "run" / "run.stdout").read_bytes()
    return b"\n".join(line for line in out.splitlines() if line.startswith(b"caf"))


def test_non_utf8_print_bytes_survive(prune, tmp_path):
    source = tmp_path / "print_bytes.v"
    source.write_bytes(SOURCE)
    p = prune([source], "--drop", "count")
    assert b"caf\\351 " in p.output.read_bytes()
    original, pruned = _printed(source, tmp_path, "orig"), _printed(p.output, tmp_path, "pruned")
    assert original.count(b"caf\xe9 ") == 4, original
    assert pruned == original
