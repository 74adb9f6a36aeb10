"""The default front end reads what Verilator reads: each relaxation of IEEE 1800 that
rtlprune gives read_slang (engine/sources.py, SLANG_LENIENCY) is checked on a design that
Verilator lints clean and slang alone refuses; the pruned design is proved equal to it. A
recursion that ends (a parameterized mux tree) is read by both front ends; one that never
ends is refused in one line."""

import subprocess
import sys

import pytest
from conftest import assert_equivalent, run_cli

from rtlprune import verilator
from rtlprune.engine.sources import SLANG_LENIENCY

USE_BEFORE_DECLARE = """module ubd(input clk, input [3:0] a, output done);
  assign done = state_q == 4'd3;
  reg [3:0] state_q;
  always @(posedge clk) state_q <= a;
endmodule
"""
BARE_PARAMETER = """module sub #(parameter W = 2) (input [W-1:0] a, output [W-1:0] y); assign y = ~a; endmodule
module bare(input [3:0] a, output [3:0] y);
  sub #4 u(.a(a), .y(y));
endmodule
"""
GENBLK = """module genblk(input clk, input [3:0] a, output [3:0] y);
  generate if (1) begin
    reg [3:0] r;
    always @(posedge clk) r <= a;
  end endgenerate
  assign y = genblk1.r;
endmodule
"""
CASES = {"--allow-use-before-declare": ("ubd", USE_BEFORE_DECLARE),
         "--allow-bare-value-param-assigment": ("bare", BARE_PARAMETER),
         "--allow-genblk-reference": ("genblk", GENBLK)}
MUX_TREE = """module mux_n_1 #(parameter N = 4) (input [N-1:0] d, input [7:0] s, output y);
  generate if (N == 1) begin : base
    assign y = d[0];
  end else begin : split
    wire lo, hi;
    mux_n_1 #(.N(N/2)) l(.d(d[N/2-1:0]), .s(s), .y(lo));
    mux_n_1 #(.N(N/2)) h(.d(d[N-1:N/2]), .s(s), .y(hi));
    assign y = s[$clog2(N)-1] ? hi : lo;
  end endgenerate
endmodule
module recur(input [7:0] d, input [7:0] s, output y);
  mux_n_1 #(.N(8)) m(.d(d), .s(s), .y(y));
endmodule
"""
NEVER_ENDS = """module r #(parameter N = 4) (input [7:0] d, output y);
  generate if (N == 100) begin : base
    assign y = d[0];
  end else begin : split
    r #(.N(N/2)) l(.d(d), .y(y));
  end endgenerate
endmodule
module norecur(input [7:0] d, output y);
  r #(.N(8)) m(.d(d), .y(y));
endmodule
"""


def _slang_refuses(src, options: list[str]) -> bool:
    """read_slang with these options only (in a process of its own: a Yosys error ends it)."""
    code = ("from pyosys import libyosys as ys; "
            f"ys.run_pass('read_slang --no-proc {' '.join(options)} {src}', ys.Design())")
    return subprocess.run([sys.executable, "-c", code], capture_output=True).returncode != 0


def test_every_relaxation_has_a_case():
    assert set(CASES) == set(SLANG_LENIENCY)


@pytest.mark.slow  # a formal proof each
@pytest.mark.parametrize("option", sorted(CASES))
def test_what_verilator_reads_the_default_front_end_reads(prune, tmp_path, option):
    top, text = CASES[option]
    src = tmp_path / f"{top}.v"
    src.write_text(text)
    lint = verilator.lint([str(src)], top)
    assert lint.returncode == 0 and "%Warning" not in lint.stderr, lint.stderr
    # slang alone refuses it: without the relaxation the command fails
    assert _slang_refuses(src, [o for o in SLANG_LENIENCY if o != option])
    p = prune([src], "--drop", "none", "--no-source-text")
    assert_equivalent(p, [src], reset=None, cycles=4)


@pytest.mark.slow
@pytest.mark.parametrize("frontend", ["slang", "yosys"])
def test_a_recursion_that_ends_is_elaborated(prune, tmp_path, frontend):
    src = tmp_path / "recur.v"
    src.write_text(MUX_TREE)
    p = prune([src], "--drop", "none", "--no-source-text", "--frontend", frontend)
    assert p.report["before"]["cells_by_type"]["$mux"] == 7
    assert_equivalent(p, [src], reset=None, cycles=2, frontend=frontend)


@pytest.mark.parametrize("frontend, message", [
    ("yosys", "norecur.v:5: recursive instantiation that never ends: r -> r"),
    ("slang", "norecur.v:5: module instantiation exceeded maximum depth of 128 (recursive instantiation?)"),
])
def test_a_recursion_that_never_ends_is_refused(tmp_path, frontend, message):
    (tmp_path / "norecur.v").write_text(NEVER_ENDS)
    proc = run_cli(["norecur.v", "--frontend", frontend, "-o", "out.v"], tmp_path)
    assert proc.returncode == 2 and proc.stderr == f"rtlprune: error: {message}\n"
    assert not (tmp_path / "out.v").exists()


def test_a_slang_option_of_the_users_own(tmp_path):
    (tmp_path / "ubd.v").write_text(USE_BEFORE_DECLARE)
    proc = run_cli(["ubd.v", "--slang-arg=--no-such-option", "-o", "out.v"], tmp_path)
    assert proc.returncode == 2 and "--no-such-option" in proc.stderr and proc.stderr.count("\n") == 1
    proc = run_cli(["ubd.v", "--slang-arg=--relax-enum-conversions", "--drop", "none", "-o", "out.v", "-q"], tmp_path)
    assert proc.returncode == 0, proc.stderr
    proc = run_cli(["ubd.v", "--slang-arg=--x", "--frontend", "yosys", "-o", "out.v"], tmp_path)
    assert proc.returncode == 2 and proc.stderr == "rtlprune: error: --slang-arg is for --frontend slang\n"
