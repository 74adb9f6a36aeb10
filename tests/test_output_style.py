"""The written Verilog is shaped for Verilator: memories written in whole words and lanes, no
parallel_case pragmas; and `--no-prune`, the same flow removing nothing, proven equivalent."""

import re

import pytest
from conftest import DESIGNS, assert_equivalent, assert_verilator_builds, run_cli

LANES = DESIGNS / "lane_memory.v"
ONE_BIT_WRITE = re.compile(r"\]\[(\d+):\1\] <=")  # mem[a][k:k] <= ...


def _assert_whole_writes(verilog: str) -> None:
    assert not ONE_BIT_WRITE.search(verilog)
    assert re.search(r"\]\[7:0\] <=", verilog) and re.search(r"\]\[15:8\] <=", verilog)  # the lanes
    assert re.search(r"fifo ?\[[^\]]+\] <= ", verilog)  # the FIFO word, whole
    assert "parallel_case" not in verilog


@pytest.mark.slow
def test_pruned_output_writes_memory_words_and_lanes_whole(prune, tmp_path):
    p = prune([LANES], "--drop", "none")
    _assert_whole_writes(p.verilog)
    assert_equivalent(p, [LANES], cycles=8)
    assert_verilator_builds(p, tmp_path)


@pytest.mark.slow
def test_no_prune_removes_nothing_and_is_equivalent(prune, tmp_path):
    p = prune([LANES], "--no-prune")
    assert p.report["spec"]["dropped_outputs"] == [] and p.report["cut"] == {}
    assert p.report["after"]["memory_bits"] == p.report["before"]["memory_bits"] == 8 * 16 + 4 * 8
    assert p.report["after"]["ff_bits"] == p.report["before"]["ff_bits"]
    assert not (tmp_path / "pruned.spec.toml").exists()  # nothing inferred
    _assert_whole_writes(p.verilog)
    assert_equivalent(p, [LANES], cycles=8)


def test_no_prune_refuses_a_spec(tmp_path):
    proc = run_cli([LANES, "--no-prune", "--drop", "pout", "-o", "out.v"], tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.strip() == "rtlprune: error: --no-prune removes nothing, so --drop would have no effect"
    assert not (tmp_path / "out.v").exists()


def test_no_prune_accepts_drop_none(tmp_path):
    """`--drop none` (observe every output) asks for nothing --no-prune does not already do."""
    plain = run_cli([LANES, "--no-prune", "-o", "a.v"], tmp_path)
    with_none = run_cli([LANES, "--no-prune", "--drop", "none", "-o", "b.v"], tmp_path)
    assert plain.returncode == with_none.returncode == 0, with_none.stderr
    assert (tmp_path / "a.v").read_bytes() == (tmp_path / "b.v").read_bytes()


REPEATED_ITEM = re.compile(r"(\\\S+ |[\w$]+(?:\[\d+\])?), \1(?:,| )")  # `{ s, s, ...`: one copy per bit


@pytest.mark.slow
def test_a_replicated_select_bit_is_written_as_a_replication(prune, tmp_path):
    p = prune([DESIGNS / "mask_select.v"], "--drop", "none")
    assert not REPEATED_ITEM.search(p.verilog)
    assert "{8{" in p.verilog and "{32{sel[1]}}" in p.verilog
    assert_equivalent(p, [DESIGNS / "mask_select.v"], reset=None, cycles=4)
    assert_verilator_builds(p, tmp_path)


def test_replication_of_runs_keeps_escaped_names_whole():
    from rtlprune.hdl.verilog_out import replicate_runs
    assert replicate_runs("  assign y = { a, a, a, b[3], b[3], \\x.y , \\x.y , 2'h0 };") == \
        "  assign y = { {3{a}}, {2{b[3]}}, {2{\\x.y }}, 2'h0 };"
    assert replicate_runs("  assign y = { \\x.y , \\x.y  };") == "  assign y = { {2{\\x.y }} };"
    # an escaped name beside a run keeps the space that ends it (E902's round trip did not parse)
    assert replicate_runs("  assign y = { \\u.a , \\u.s , \\u.s , 1'h0, \\u.b  };") == \
        "  assign y = { \\u.a , {2{\\u.s }}, 1'h0, \\u.b  };"
    assert replicate_runs("  assign y = { a[3:0], b } & { f(a), f(a) };") == "  assign y = { a[3:0], b } & { f(a), f(a) };"


@pytest.mark.slow
def test_replications_beside_escaped_names_are_read_by_verilator(tmp_path):
    """Flattened names are escaped; an escaped name ends at white space, so a comma written
    right after one would become part of it (XuanTie E902's round trip failed to parse)."""
    from rtlprune import verilator as vlt
    from rtlprune.hdl.verilog_out import replicate_runs
    src = tmp_path / "t.v"
    src.write_text(replicate_runs(
        "module t(input [1:0] i, output [4:0] y, output [5:0] z);\n"
        "  wire \\u.a  = i[0];\n  wire \\u.s  = i[1];\n  wire \\u.b  = ~i[0];\n"
        "  assign y = { \\u.a , \\u.s , \\u.s , 1'h0, \\u.b  };\n"
        "  assign z = { \\u.s , \\u.s , \\u.s , \\u.a , \\u.a , \\u.b  };\n"
        "endmodule\n"))
    assert "{2{\\u.s }}" in src.read_text() and "{3{\\u.s }}" in src.read_text()
    proc = vlt.lint([str(src)], "t", ["-Wall", "-Wno-DECLFILENAME"])
    assert proc.returncode == 0, proc.stderr
