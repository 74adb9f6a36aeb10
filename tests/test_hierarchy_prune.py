"""A dead path that crosses module instances goes (issue 22): on four hierarchical shapes the
default output and `--top-form netlist` keep no more than the flat cone (`--no-source-text`)
and Verilator's model of them holds no more than its model of the peer (the effectiveness
judge of the fuzzer), and both are proved equal to the original (bounded formal equivalence)
and co-simulated against it under Verilator with random inputs."""

import pytest
from conftest import DESIGNS, assert_equivalent, run_cli

from rtlprune.fuzz.effectiveness import effectiveness
from rtlprune.fuzz.oracles import cosimulate
from rtlprune.fuzz.random_designs import RandomDesign

pytestmark = pytest.mark.slow  # formal proofs and Verilator builds

HIER = DESIGNS / "hierarchy"
SHAPES = {
    "dot_product": (["--top", "top", "--drop", "io_w_data"],
                    RandomDesign(1, "", "top", [("busy", 1), ("io_w_data", 17), ("io_w_valid", 1)],
                                 [("in_a", 32), ("in_b", 32), ("start", 1)], [], reset="reset", clock="clock")),
    "live_and_dead": (["--drop", "out_data"],
                      RandomDesign(2, "", "live_and_dead", [("count0", 4), ("count1", 4), ("out_data", 16)],
                                   [("go", 1), ("x", 16)], [])),
    "shell_queue": (["--drop", "out_data"],
                    RandomDesign(3, "", "shell_queue", [("out_data", 16), ("count", 3)],
                                 [("enq", 1), ("deq", 1), ("data", 16)], [])),
    "mux_tree": (["--drop", "dbg"],
                 RandomDesign(5, "", "mux_tree", [("out", 8), ("dbg", 8)], [("sel", 1), ("in", 8)], [], reset=None)),
    "pe_array": (["--drop", "total"],
                 RandomDesign(4, "", "pe_array", [("seen", 4), ("total", 22)],
                              [("go", 4), ("a", 32), ("b", 32)], [])),
}
# What the flat cone keeps of each (cells, flip-flop bits, memory bits): the dead datapaths go.
FLAT = {"mux_tree": (5, 24, 0), "dot_product": (12, 10, 0), "live_and_dead": (8, 8, 0), "shell_queue": (11, 3, 0), "pe_array": (12, 4, 0)}


@pytest.mark.parametrize("shape", sorted(SHAPES))
@pytest.mark.parametrize("form", ["auto", "netlist"])
def test_a_dead_path_through_instances_goes(prune, tmp_path, shape, form):
    args, design = SHAPES[shape]
    src = HIER / f"{shape}.v"
    flat = prune([src], *args, "--no-source-text", output="flat.v")
    assert (flat.report["after"]["cells"], flat.report["after"]["ff_bits"],
            flat.report["after"]["memory_bits"]) == FLAT[shape]
    p = prune([src], *args, "--top-form", form)
    verdict = effectiveness(src, p.output, p.report, args, tmp_path / "reference")
    assert verdict.ok, verdict.message
    assert_equivalent(p, [src], reset=design.reset, cycles=8, sv=True)
    verdict = cosimulate(design, src, p.output, p.report, tmp_path / "cosim", cycles=300)
    assert verdict.ok, verdict.message


def test_a_text_instance_observes_only_what_its_live_outputs_read(prune):
    """Lane's counter keeps Lane as the source's text; its data input only passes through to
    the dropped output, so it is tied to 0 and the multipliers before it go."""
    p = prune([HIER / "live_and_dead.v"], "--drop", "out_data")
    assert p.report["source_text"]["instances"] == ["l0", "l1"]
    assert ".data(16'h0000)" in p.verilog
    assert p.cells("$mul") == 0 and p.report["after"]["ff_bits"] == 8


def test_explain_never_cites_a_text_instance(tmp_path):
    src = HIER / "live_and_dead.v"
    proc = run_cli([src, "--drop", "out_data", "--top-form", "netlist", "--explain", "count0", "--explain", "m0.p",
                    "-o", "out.v"], tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "blackbox instance of" not in proc.stdout
    assert "m0.p: removed" in proc.stdout


def test_text_instances_that_would_keep_more_than_the_netlist_are_not_written(prune):
    """The mux tree's instances are whole in the cone, but the flat netlist holds 16 flip-flop
    bits fewer (opt_muxtree): the netlist is written, and the report says why."""
    p = prune([HIER / "mux_tree.v"], "--drop", "dbg")
    mixed = p.report["source_text"]["mixed_form"]
    assert mixed["form"] == "netlist" and mixed["state_bits"] == {"mixed": 40, "netlist": 24}
    assert p.report["source_text"]["instances"] == [] and p.report["after"]["ff_bits"] == 24
    assert "holds 16 flip-flop and memory bits more" in p.stdout


def test_a_text_instance_deep_in_the_hierarchy_is_proved(prune, tmp_path):
    """The netlist names an instance kept as text one level down `\\core.c `; the formal check
    reads such an output flattened at once (yosys-slang's module per instance would be no RTLIL
    name), and the proof holds."""
    src = tmp_path / "deep.v"
    src.write_text("module cnt(input clk, input rst, output reg [3:0] q);\n"
                   "  always @(posedge clk) if (rst) q <= 4'd0; else q <= q + 4'd1;\nendmodule\n"
                   "module core(input clk, input rst, input [7:0] x, output [3:0] q, output reg [15:0] junk);\n"
                   "  cnt c(.clk(clk), .rst(rst), .q(q));\n  always @(posedge clk) junk <= x * x;\nendmodule\n"
                   "module deep(input clk, input rst, input [7:0] x, output [3:0] q, output [15:0] junk);\n"
                   "  core core(.clk(clk), .rst(rst), .x(x), .q(q), .junk(junk));\nendmodule\n")
    p = prune([src], "--drop", "junk")
    assert p.report["source_text"]["instances"] == ["core.c"] and "cnt \\core.c " in p.verilog
    assert_equivalent(p, [src], cycles=6)


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_the_cone_over_the_hierarchy_writes_what_the_flat_cone_writes(prune, shape):
    """--cone hierarchy cuts each instance before anything is flattened; what is left, then
    flattened, is what the flat cone leaves: the same output, proved equal to the original."""
    args, design = SHAPES[shape]
    src = HIER / f"{shape}.v"
    flat = prune([src], *args, output="flat.v")
    hier = prune([src], *args, "--cone", "hierarchy", output="hier.v")
    assert hier.verilog == flat.verilog
    assert hier.report["after"] == flat.report["after"]
    assert hier.report["after"]["cells"] < hier.report["before"]["cells"]


def test_the_cone_over_the_hierarchy_copies_a_module_whose_instances_need_different_bits(prune, tmp_path):
    """read_verilog shares a module among its instances: u2 reads w, u0 and u1 do not, so u2
    gets a copy of leaf that keeps w's register and the others share one without it."""
    src = tmp_path / "shared.v"
    src.write_text("module leaf(input clk, input [3:0] d, output reg [3:0] q, output reg [7:0] w);\n"
                   "  always @(posedge clk) begin q <= d + 4'd1; w <= w * d; end\nendmodule\n"
                   "module top(input clk, input [3:0] a, b, c, output [3:0] x, y, z, output [7:0] wx, wy, wz);\n"
                   "  leaf u0(.clk(clk), .d(a), .q(x), .w(wx));\n  leaf u1(.clk(clk), .d(b), .q(y), .w(wy));\n"
                   "  leaf u2(.clk(clk), .d(c), .q(z), .w(wz));\nendmodule\n")
    args = ["--drop", "wx", "--drop", "wy", "--frontend", "yosys", "--top", "top"]
    flat = prune([src], *args, output="flat.v")
    hier = prune([src], *args, "--cone", "hierarchy", output="hier.v")
    assert hier.report["after"] == flat.report["after"] and hier.report["after"]["ff_bits"] == 4 * 3 + 8
    assert "Gave" not in hier.stderr
    assert_equivalent(hier, [src], reset=None, cycles=6, frontend="yosys")


def test_the_cone_over_the_hierarchy_keeps_an_internal_signal_and_its_register(prune):
    """--keep names a register inside an instance that only the dropped output reads: the cone
    over the hierarchy keeps it and what feeds it (the spec's marks are read before they are
    removed), as the flat cone does."""
    args = ["--drop", "out_data", "--keep", "hold.q"]
    flat = prune([HIER / "live_and_dead.v"], *args, output="flat.v")
    hier = prune([HIER / "live_and_dead.v"], *args, "--cone", "hierarchy", output="hier.v")
    assert hier.report["after"] == flat.report["after"] and hier.report["after"]["ff_bits"] > 8 + 16
    assert hier.report["spec"]["kept_signals"] == ["hold.q"]
    assert_equivalent(hier, [HIER / "live_and_dead.v"], cycles=3, sv=True)   # two multipliers: few cycles
