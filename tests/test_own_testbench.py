"""Designs under their own, unmodified testbenches (rtlprune.simulation corpus): the testbench
connects the DUT by name (`.*`) or by position with ports left out, ends with $finish, takes
plusargs per workload and writes a file of its own; the four variants build, and the
equivalence run catches a difference wherever it shows (a kept output nobody reads, a file the
testbench writes)."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from rtlprune import verilator as vlt
from rtlprune.simulation import tb_compare
from rtlprune.simulation.tb_variants import prepare
from rtlprune.simulation.testbench import TestbenchDesign

OWN = Path(__file__).parent / "designs" / "own_testbench"
pytestmark = pytest.mark.slow


def test_corpus_named_and_positional_testbenches(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "rtlprune.simulation", "corpus",
                           "--design", str(OWN / "named.toml"), "--design", str(OWN / "positional.toml"),
                           "--workload", "five", "--runs", "1", "--build-dir", str(tmp_path / "build"),
                           "--results", str(tmp_path / "results")], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[-2000:]
    rows = json.loads((tmp_path / "results" / "corpus.json").read_text())
    assert [(r["design"], r["workload"]) for r in rows] == [("mac-named", "five"), ("mac-positional", "five")]
    for r in rows:
        assert r["traces_equal"] and r["equivalence_problems"] == []
        assert r["cycles"] > 1000          # five rounds of 200 busy cycles: the plusarg reached the testbench
        assert r["dropped_outputs"] == ["acc_out"]
        assert r["cells"]["after"] < r["cells"]["before"]   # the multiply-accumulate is gone
        assert set(r["wall_s"]) == set(tb_compare.VARIANTS)
        assert any("too short to time" in w for w in r["warnings"])
    # the dropped datapath is gone from the pruned model's C++, and the peer's is gone too
    assert rows[0]["cpp_lines"]["pruned"] < rows[0]["cpp_lines"]["roundtrip"]
    table = (tmp_path / "results" / "corpus.md").read_text()
    assert "| mac-positional | five | " in table and "| yes |" in table
    run_dir = tmp_path / "build" / "mac-named" / "runs" / "five" / "observed-pruned"
    assert (run_dir / "progress.txt").read_text().count("round done") == 5


def _planted(tmp_path, edit) -> dict:
    """The named testbench's equivalence run with the pruned Verilog edited by `edit`."""
    design = TestbenchDesign.load(OWN / "named.toml")
    v = prepare(design, tmp_path / "build")
    text = v.pruned.read_text()
    edited = edit(text)
    assert edited != text
    v.pruned.write_text(edited)
    builds = {n: vlt.build_testbench(v.observed_sources(n), design.top, tmp_path / f"observed-{n}",
                                     design.verilator_flags(), design.main, log=lambda m: None)
              for n in ("original", "pruned")}
    return tb_compare.equivalence(v, builds, design.workload("two"), tmp_path / "runs", 120)


def test_a_kept_output_nobody_reads_is_still_compared(tmp_path):
    eq = _planted(tmp_path, lambda t: t.replace("assign odd = count[0];", "assign odd = ~count[0];"))
    assert not eq["equal"]
    assert len(eq["problems"]) == 1 and eq["problems"][0].startswith("the kept outputs differ after cycle 0")


def test_a_file_the_testbench_writes_is_compared(tmp_path):
    eq = _planted(tmp_path, lambda t: t.replace("count + 8'h01", "count + 8'h02"))
    assert not eq["equal"]
    assert any(p.startswith("file progress.txt written by the testbench differs") for p in eq["problems"])
    assert any(p.startswith("transcript differs at line 1") for p in eq["problems"])
