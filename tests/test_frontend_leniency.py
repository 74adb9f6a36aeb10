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


# The third design: the same empty module in two files (NVDLA's synchronisers define
# `first_stage_of_sync` in several); and a module defined again differently, where Verilator
# reads the first definition (MODDUP) and slang with -Wno-duplicate-definition, or read_verilog
# -overwrite, would read the last.
DUPLICATES = {
    "sync_a.v": "module first_stage(input clk); endmodule\n"
                "module leaf(input x, output y); assign y = x; endmodule\n",
    "sync_b.v": "module first_stage(input clk); endmodule\n",
    "leaf_again.v": "// an older copy of leaf\nmodule leaf(input x, output y); assign y = ~x; endmodule\n",
    "dup_top.v": "module dup_top(input clk, input x, output y);\n  first_stage s(.clk(clk));\n"
                 "  leaf u(.x(x), .y(y));\nendmodule\n",
}


@pytest.mark.slow  # Verilator builds, formal proofs
@pytest.mark.parametrize("frontend", ["slang", "yosys"])
def test_a_module_defined_again_is_read_as_verilator_reads_it(tmp_path, frontend):
    """Verilator warns (MODDUP) and reads the first definition: so does rtlprune, with a warning
    naming both files, in the prune and in the formal check; co-simulated against Verilator."""
    from rtlprune.fuzz.oracles import cosimulate
    from rtlprune.fuzz.random_designs import RandomDesign

    for name, text in DUPLICATES.items():
        (tmp_path / name).write_text(text)
    sources = list(DUPLICATES)
    lint = verilator.lint([str(tmp_path / s) for s in sources], "dup_top", ["-Wno-MODDUP"])
    assert lint.returncode == 0, lint.stderr
    proc = run_cli([*sources, "--top", "dup_top", "--frontend", frontend, "--drop", "none", "--no-source-text",
                    "-o", "p.v"], tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert ("warning: sync_b.v:1: module defined again (first at sync_a.v:1): the first definition is read, "
            "as Verilator reads it (MODDUP)") in proc.stdout
    assert "warning: leaf_again.v:2: module defined again (first at sync_a.v:2)" in proc.stdout
    assert "assign y = x;" in (tmp_path / "p.v").read_text()
    report = __import__("json").loads((tmp_path / "p.report.json").read_text())
    assert report["skipped_definitions"] == [{"left_out": "sync_b.v:1", "read": "sync_a.v:1"},
                                             {"left_out": "leaf_again.v:2", "read": "sync_a.v:2"}]
    design = RandomDesign(seed=1, text="", top="dup_top", outputs=[("y", 1)], inputs=[("x", 1)], registers=[],
                          reset=None)
    combined = tmp_path / "all.v"   # the co-simulation builds one source: the files in order
    combined.write_text("/* verilator lint_off MODDUP */\n" + "".join(DUPLICATES[s] for s in sources))
    if frontend == "slang":   # read_verilog takes the empty module for a blackbox the user supplies
        verdict = cosimulate(design, combined, tmp_path / "p.v", report, tmp_path / "cosim", cycles=20)
        assert verdict.ok, verdict.message
    assert_equivalent(type("P", (), {"report": report, "output": tmp_path / "p.v"})(),
                      [tmp_path / s for s in sources], reset=None, cycles=2, frontend=frontend)
