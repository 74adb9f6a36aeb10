"""The transform on small designs written for the tests: what goes, what stays, and proof
(bounded formal equivalence of every observed signal) that nothing observed changed."""

import re

import pytest
from conftest import DESIGNS, assert_equivalent, assert_verilator_builds

pytestmark = pytest.mark.slow  # formal proofs and Verilator builds of every test design

MAC = DESIGNS / "mac_fsm.v"
DATA_DEP = DESIGNS / "data_dependent.v"
MIXED = DESIGNS / "mixed_bits.v"
HIER = DESIGNS / "hier_effects.sv"
BB_IMPL = DESIGNS / "bb_sink_impl.v"


def test_mac_datapath_removed_fsm_kept(prune, tmp_path):
    p = prune([MAC])  # no spec: result_data is inferred as the payload of result_valid
    assert p.report["spec"]["dropped_outputs"] == ["result_data"]
    assert p.cells("$mul", "before") == 1 and p.cells("$mul") == 0
    # Left: state (2) + count (5) + busy (1); the 32-bit accumulator is gone.
    assert p.report["before"]["ff_bits"] == 40
    assert p.report["after"]["ff_bits"] == 8
    assert re.search(r"\bstate\b", p.verilog) and not re.search(r"\bacc\b", p.verilog)
    assert_equivalent(p, [MAC])
    assert_verilator_builds(p, tmp_path)


def test_control_that_reads_data_keeps_the_datapath(prune, tmp_path):
    p = prune([DATA_DEP])  # out_data dropped (payload of out_valid), but done reads acc
    assert p.report["spec"]["dropped_outputs"] == ["out_data"]
    assert p.cells("$mul") == 1 and p.cells("$ge") == 1
    assert p.report["after"]["ff_bits"] == p.report["before"]["ff_bits"] == 17
    # `limit` is a free input, so the data-dependent exit can fire from the second cycle on;
    # 10 cycles cover it several times (SAT on the 8x8 multiplier: 1.7 s at 10, 96 s at 20).
    assert_equivalent(p, [DATA_DEP], cycles=10)
    assert_verilator_builds(p, tmp_path)


def test_mixed_register_and_memory_keep_only_control_bits(prune, tmp_path):
    p = prune([MIXED], "--drop", "word_data", "--drop", "mem_data")
    before, after = p.report["before"], p.report["after"]
    assert before["memory_bits"] == 16 * 16 and after["memory_bits"] == 16 * 1
    assert before["ff_bits"] == 32 + 16  # word and the read register rd (read ports are left as written)
    assert after["ff_bits"] == 2  # word[0] and rd[0]
    assert p.cells("$add") == 0
    assert p.report["cut"]["removed_memory_columns"] == 15
    assert_equivalent(p, [MIXED])
    assert_verilator_builds(p, tmp_path)


def test_hierarchy_blackbox_print_and_assertion_are_observed(prune, tmp_path):
    p = prune([HIER], "--drop", "scrambled_data")
    assert p.report["side_effects_observed"] == {"prints": 1, "assertions": 1, "finishes": 0, "blackboxes": 1}
    for kept in ("$print", "$check", "\\bb_sink"):
        assert p.cells(kept) == 1, kept
    assert p.cells("$mul") == 0  # the scrambler only fed the dropped output
    # watched feeds the $display, checked the assertion, din+1 the blackbox input.
    assert re.search(r"\bwatched\b", p.verilog) and re.search(r"\bchecked\b", p.verilog)
    assert "$write(" in p.verilog and "assert" in p.verilog
    assert_equivalent(p, [HIER], sv=True)
    assert_verilator_builds(p, tmp_path, [BB_IMPL], ["--assert"])


def test_prints_and_assertions_dropped_on_request(prune, tmp_path):
    p = prune([HIER], "--drop", "scrambled_data", "--drop-prints", "--drop-assertions")
    assert p.cells("$print") == 0 and p.cells("$check") == 0 and p.cells("\\bb_sink") == 1
    assert not re.search(r"\bwatched\b", p.verilog) and not re.search(r"\bchecked\b", p.verilog)
    assert p.report["after"]["ff_bits"] == 8  # only the counter
    assert_equivalent(p, [HIER], sv=True)
    assert_verilator_builds(p, tmp_path, [BB_IMPL])


def test_kept_internal_signal_survives_under_its_name(prune, tmp_path):
    p = prune([HIER], "--drop", "scrambled_data", "--keep", "u_scr.s")
    assert p.report["spec"]["kept_signals"] == ["u_scr.s"]
    assert "\\u_scr.s " in p.verilog
    assert p.cells("$mul") == 0  # u_scr.q is still dead
    assert_equivalent(p, [HIER], sv=True)  # the kept signal is compared too


def test_kept_signals_that_no_output_reads_keep_their_memory_and_register(prune, tmp_path):
    """--keep on a register and a memory read that only dropped outputs read: both stay whole."""
    p = prune([MIXED], "--drop", "word_data", "--drop", "mem_data", "--keep", "word", "--keep", "rd")
    assert p.report["spec"]["kept_signals"] == ["rd", "word"]
    assert p.report["after"]["ff_bits"] == 32 + 16 and p.report["after"]["memory_bits"] == 16 * 16
    assert p.cells("$add") == 1  # word[31:1] + in_word[31:1] feeds the kept word
    # Kept signals are compared too. 6 cycles from reset cover a write, its read and the read
    # register; nothing is pruned, so SAT must prove two whole 256-bit memories equal, which
    # grows fast with the bound (5 s at 6 cycles, 24 s at 8, ~90 s at 10 on this machine).
    assert_equivalent(p, [MIXED], cycles=6)


def test_bundled_systolic_example_prunes_the_array(prune, tmp_path):
    src = DESIGNS.parent.parent / "designs" / "systolic" / "systolic.v"
    p = prune([src], "--define", "ROWS=2", "--define", "COLS=2")
    assert p.cells("$mul", "before") == 4 and p.cells("$mul") == 0
    # Controller (busy, done, feed, beats, remaining, drain = 43 bits) + the valid tags of the last row.
    assert p.report["after"]["ff_bits"] == 43 + 2
    assert_equivalent(p, [src], defines=["ROWS=2", "COLS=2"])
    assert_verilator_builds(p, tmp_path)


ZOO = DESIGNS / "cell_zoo.sv"


@pytest.mark.parametrize("also_drop", [None, "sign_bit", "mem_bits"])
def test_cell_zoo_cut_is_sound(prune, tmp_path, also_drop):
    args = ["--drop", "wide_data"] + (["--drop", also_drop] if also_drop else [])
    p = prune([ZOO], *args)
    assert p.cells("$mul") == 0
    # mem_bits reads columns 6 and 1 only: 2 of 8 columns stay, or none when it is dropped.
    assert p.report["after"]["memory_bits"] == (0 if also_drop == "mem_bits" else 8 * 2)
    assert p.report["cut"]["narrowed_cells"] > 0 or also_drop == "mem_bits"
    assert_equivalent(p, [ZOO], cycles=10, sv=True)
