"""A module no synthesis front end can elaborate (a loop whose exit depends on data) is read as
a blackbox, said so in the report with file, line and why, and pruned like any instance: a dead
one is removed, a live one is written as the source's own text with every input observed. The
formal check reads it as the same blackbox on both sides; Verilator simulates the text."""

import pytest
from conftest import DESIGNS, assert_equivalent, run_cli

from rtlprune.errors import UserError
from rtlprune.fuzz.oracles import cosimulate
from rtlprune.fuzz.random_designs import RandomDesign

SOURCE = DESIGNS / "lsd_loop.v"
DESIGN = RandomDesign(seed=5, text=SOURCE.read_text(), top="lsd_top",
                      outputs=[("busy", 1), ("norm", 3), ("prod", 16)], inputs=[("x", 8), ("go", 1)], registers=[],
                      reset=None)
WHY = {"where": f"{SOURCE}:9", "why": "unroll limit of 4000 exhausted", "module": "lsd"}


@pytest.mark.slow  # SAT proofs and Verilator builds
def test_a_live_instance_is_written_as_its_text(prune, tmp_path):
    p = prune([SOURCE], "--drop", "prod")
    assert p.report["unelaborated"] == [{**WHY, "instances_before": 1, "instances_after": 1}]
    assert f"not elaborated: {SOURCE}:9: module 'lsd' (unroll limit of 4000 exhausted)" in p.stdout
    text = p.verilog
    assert "lsd u (" in text and "module lsd(" in text and "prod = 16'h0000" in text
    assert_equivalent(p, [SOURCE], reset=None, cycles=4)
    verdict = cosimulate(DESIGN, SOURCE, p.output, p.report, tmp_path / "cosim", cycles=300)
    assert verdict.ok, verdict.message
    # what the instance reads is observed: a pruned file that feeds it otherwise fails the proof
    p.output.write_text(text.replace(".a(x)", ".a(~x)"))
    with pytest.raises(UserError, match="rtlprune_opaque_u_a differs in cycle 1"):
        assert_equivalent(p, [SOURCE], reset=None, cycles=4)


@pytest.mark.slow  # a SAT proof
def test_a_dead_instance_is_removed(prune):
    p = prune([SOURCE], "--drop", "prod", "--drop", "norm", "--explain", "u")
    assert p.report["unelaborated"] == [{**WHY, "instances_before": 1, "instances_after": 0}]
    assert "module lsd(" not in p.verilog and "lsd u" not in p.verilog
    assert "u: removed: it cannot reach any observed signal" in p.stdout
    assert_equivalent(p, [SOURCE], reset=None, cycles=4)


def test_the_yosys_front_end_refuses_it_in_one_line(tmp_path):
    proc = run_cli([SOURCE, "--frontend", "yosys", "--drop", "prod", "-o", "p.v"], tmp_path)
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1
    assert proc.stderr.startswith(f"rtlprune: error: {SOURCE}:9: 2nd expression of procedural for-loop is not constant")
    assert not any(tmp_path.iterdir())


@pytest.mark.slow  # SAT proofs
def test_the_source_form_pairs_the_instance_one_level_down(tmp_path):
    """The source's text behind a tie-off wrapper holds the instance at `rtlprune_source.u`:
    the formal check pairs it with the original's `u` (fuzz seed 513 failed the proof)."""
    import rtlprune

    result = rtlprune.prune([SOURCE], drop=["prod"], output=tmp_path / "p.v", top_form="source")
    assert result.report.data["source_text"]["top_form"]["form"] == "source_tie_off"
    assert rtlprune.check_equivalence(result, cycles=4)["equivalent"] is True
    text = result.verilog.read_text()
    result.verilog.write_text(text.replace("lsd u(.a(x)", "lsd u(.a(~x)"))
    with pytest.raises(UserError, match="rtlprune_opaque_u_a differs"):
        rtlprune.check_equivalence(result, cycles=4)
