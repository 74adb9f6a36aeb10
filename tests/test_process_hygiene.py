"""A stopped rtlprune leaves nothing behind: its Yosys worker dies with it, and SIGTERM removes
the temporary files and the half-made output."""

import os
import signal
import subprocess
import sys
import time

import pytest
from conftest import REPO

pytestmark = pytest.mark.slow  # a few seconds of a large prune, twice

SYSTOLIC = REPO / "designs" / "systolic" / "systolic.v"


def _workers_of(pid: int) -> list[int]:
    out = subprocess.run(["ps", "-eo", "pid=,ppid=,args="], capture_output=True, text=True).stdout
    return [int(line.split()[0]) for line in out.splitlines()
            if "rtlprune.engine.worker" in line and int(line.split()[1]) == pid]


def _start(tmp_path):
    (tmp_path / "tmp").mkdir()
    env = dict(os.environ, TMPDIR=str(tmp_path / "tmp"))
    proc = subprocess.Popen([sys.executable, "-m", "rtlprune", SYSTOLIC, "--define", "ROWS=112", "--define", "COLS=112",
                             "-o", "out.v", "-q"], cwd=tmp_path, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 30
    while not _workers_of(proc.pid):
        assert proc.poll() is None and time.time() < deadline, "no worker started"
        time.sleep(0.05)
    time.sleep(0.5)  # the worker is reading and elaborating
    return proc, _workers_of(proc.pid)[0]


def _gone(pid: int, seconds: float = 2) -> bool:
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        with open(f"/proc/{pid}/stat") as f:
            if f.read().split()[2] == "Z":   # dead, not yet reaped
                return True
        time.sleep(0.05)
    return False


def test_worker_dies_with_a_killed_parent(tmp_path):
    proc, worker = _start(tmp_path)
    proc.kill()
    proc.wait()
    assert _gone(worker), "the Yosys worker outlived its parent"


def test_sigterm_leaves_no_files(tmp_path):
    proc, worker = _start(tmp_path)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 143 and err.strip() == "rtlprune: terminated"
    assert _gone(worker)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tmp"]
    assert not any((tmp_path / "tmp").iterdir())
