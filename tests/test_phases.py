"""The benchmark command that measures a prune step by step beside `verilator --lint-only`."""

import json
import subprocess
import sys

import pytest
from conftest import DESIGNS

SYSTOLIC = DESIGNS.parent.parent / "designs" / "systolic" / "systolic.v"


@pytest.mark.slow
def test_phases_prints_each_step_with_its_peak_memory_beside_verilator(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "rtlprune.simulation", "phases", "--lint", "--results",
                           str(tmp_path), "--", str(SYSTOLIC), "--define", "ROWS=4", "--define", "COLS=4"],
                          capture_output=True, text=True, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    result = json.loads((tmp_path / "phases-systolic.json").read_text())
    steps = result["steps"]
    assert list(steps)[:2] == ["read", "hierarchy"] and "cone" in steps and "backend" in steps
    for name, step in steps.items():
        assert step["wall"] >= 0 and step["peak_mb"] > 0 and step["rss_mb"] <= step["peak_mb"], name
    # the worker's peak in any step is within the whole command's (the process tree's) peak
    assert max(s["peak_mb"] for s in steps.values()) <= result["prune"]["peak_mb"]
    assert result["before"]["cells"] > result["after"]["cells"]
    assert result["lint"]["returncode"] == 0 and result["lint"]["peak_mb"] > 0
    assert result["ratio"]["wall"] == round(result["prune"]["wall"] / result["lint"]["wall"], 2)
    lines = proc.stdout.splitlines()
    assert lines[0].split() == ["step", "wall", "s", "cpu", "s", "peak", "MiB", "rss", "MiB"]
    assert any(line.startswith("verilator --lint-only:") for line in lines)
    assert any(line.startswith("rtlprune / verilator:") for line in lines)


def test_phases_refuses_an_output_of_the_users_and_shows_how_far_a_failed_prune_got(tmp_path):
    base = [sys.executable, "-m", "rtlprune.simulation", "phases", "--results", str(tmp_path), "--"]
    proc = subprocess.run([*base, str(SYSTOLIC), "-o", "mine.v"], capture_output=True, text=True, cwd=tmp_path)
    assert proc.returncode != 0 and "Traceback" not in proc.stderr
    assert "leave out -o" in proc.stderr and not (tmp_path / "mine.v").exists()
    proc = subprocess.run([*base, str(SYSTOLIC), "--keep", "nosuch"], capture_output=True, text=True, cwd=tmp_path)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    # the steps that ended before it failed (the spec step refuses the pattern), and why
    assert "the prune failed after" in proc.stdout and "--keep 'nosuch' matches no signal" in proc.stdout
    result = json.loads((tmp_path / "phases-systolic.json").read_text())
    assert list(result["steps"]) == ["read", "hierarchy", "proc"] and result["steps"]["read"]["peak_mb"] > 0
