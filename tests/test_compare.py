"""`python -m rtlprune.simulation compare` end to end on the bundled systolic array (tiny): four
variants built and timed under one harness, the traces checked, and what a reader could
misread said under the table."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # four Verilator builds

ROOT = Path(__file__).resolve().parents[1]


def test_compare_names_a_variant_with_the_original_s_cpp_and_a_run_too_short(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "rtlprune.simulation", "compare",
                           "--design", str(ROOT / "designs" / "systolic" / "sim.toml"), "--config", "tiny",
                           "--workload", "short", "--runs", "1", "--build-dir", str(tmp_path / "build"),
                           "--results", str(tmp_path / "results")], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr[-2000:]
    r = json.loads((tmp_path / "results" / "systolic-tiny-short.json").read_text())
    assert r["traces_equal"] and r["ok"]
    assert set(r["wall_s"]) == {"original", "roundtrip", "peer", "pruned"}
    assert len(set(r["cycles"].values())) == 1 and r["cycles"]["original"] > 4 * 16
    # nothing is pruned in the round trip: the source's text, the original's very C++
    assert r["same_cpp_as_original"] == ["roundtrip"]
    assert any(w.startswith("roundtrip: the same C++ as the original") for w in r["warnings"])
    assert any("too short to time" in w for w in r["warnings"])
    assert "WARNING roundtrip: the same C++ as the original" in proc.stdout
