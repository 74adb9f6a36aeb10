"""The trace comparison tool on hand-made trace files (rtlprune diff-trace A B)."""

from __future__ import annotations

import subprocess
import sys

from rtlprune.simulation.trace import diff_traces

HEADER = "# rtlprune trace 1\n# signals dut.valid:1 dut.addr:32 done:1\n"


def write(tmp_path, name, body):
    p = tmp_path / name
    p.write_text(HEADER + body)
    return p


def cli(*args):
    return subprocess.run([sys.executable, "-m", "rtlprune", "diff-trace", *map(str, args)],
                          capture_output=True, text=True)


def test_equal_traces(tmp_path):
    a = write(tmp_path, "a.trace", "0 0 0 0\n5 1 40 0\n9 0 40 1\n# end 9\n")
    b = write(tmp_path, "b.trace", "0 0 0 0\n5 1 40 0\n9 0 40 1\n# end 9\n")
    d = diff_traces(a, b)
    assert d.equal and d.cycles == 9
    p = cli(a, b)
    assert p.returncode == 0
    assert "traces equal: 3 signals, cycles 0..9" in p.stdout


def test_first_difference_names_cycle_signal_and_values(tmp_path):
    # values hold between lines: B changes addr at cycle 7 where A keeps 0x40 until cycle 8
    a = write(tmp_path, "a.trace", "0 0 0 0\n5 1 40 0\n8 1 44 0\n9 0 44 1\n# end 9\n")
    b = write(tmp_path, "b.trace", "0 0 0 0\n5 1 40 0\n7 1 48 0\n9 0 44 1\n# end 9\n")
    d = diff_traces(a, b)
    assert not d.equal
    assert (d.cycle, d.signal, d.value_a, d.value_b) == (7, "dut.addr", "32'h40", "32'h48")
    p = cli(a, b)
    assert p.returncode == 1
    assert p.stdout.strip() == "traces differ at cycle 7: signal dut.addr: A=32'h40 B=32'h48"


def test_length_difference_and_cycle_limit(tmp_path):
    a = write(tmp_path, "a.trace", "0 0 0 0\n# end 3\n")
    b = write(tmp_path, "b.trace", "0 0 0 0\n# limit 100\n")
    d = diff_traces(a, b)
    assert not d.equal
    assert "A ends at cycle 3 (done)" in d.message and "B ends at cycle 100 (hit the cycle limit)" in d.message
    assert cli(a, b).returncode == 1


def test_different_signal_sets(tmp_path):
    a = write(tmp_path, "a.trace", "0 0 0 0\n# end 1\n")
    b = tmp_path / "b.trace"
    b.write_text("# rtlprune trace 1\n# signals dut.valid:1 done:1\n0 0 0\n# end 1\n")
    d = diff_traces(a, b)
    assert not d.equal and "different signals" in d.message and "dut.addr:32" in d.message


def test_bad_input_is_one_line_and_exit_2(tmp_path):
    a = write(tmp_path, "a.trace", "0 0 0 0\n# end 1\n")
    p = cli(a, tmp_path / "missing.trace")
    assert p.returncode == 2
    assert p.stderr.strip().count("\n") == 0 and "missing.trace" in p.stderr and "Traceback" not in p.stderr
    junk = tmp_path / "junk.txt"
    junk.write_text("hello\n")
    p = cli(a, junk)
    assert p.returncode == 2 and "not an rtlprune trace" in p.stderr
    p = cli(a)
    assert p.returncode == 2 and "usage" in p.stderr
