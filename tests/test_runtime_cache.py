"""Verilator's runtime objects (verilated.o & co.) are compiled once per configuration and taken
from the cache by later builds; a build of another configuration compiles its own."""

import subprocess
from pathlib import Path

import pytest

from rtlprune import verilator as vlt

pytestmark = pytest.mark.slow  # Verilator builds

OWN = Path(__file__).parent / "designs" / "own_testbench"
SOURCES = [OWN / "mac_unit.v", OWN / "tb_named.sv"]


def _run(exe: vlt.Executable) -> str:
    """What the testbench prints and the file it writes (its cycle-stamped progress)."""
    cwd = exe.binary.parent
    proc = subprocess.run([str(exe.binary), "+rounds=2"], cwd=cwd, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    printed = proc.stdout.split("- S i m u l a t i o n")[0]  # its own lines, not Verilator's timing
    return printed + (cwd / "progress.txt").read_text()


def test_the_second_build_takes_the_runtime_from_the_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    quiet = dict(log=lambda m: None)
    first = vlt.build_testbench(SOURCES, "tb_named", tmp_path / "a", **quiet)
    second = vlt.build_testbench(SOURCES, "tb_named", tmp_path / "b", **quiet)
    assert not first.cached and not first.runtime_cached
    assert not second.cached and second.runtime_cached
    stored = sorted(p.name for p in vlt.runtime_cache_dir().glob("*/*.o"))
    assert "verilated.o" in stored and "verilated_timing.o" in stored
    assert _run(first) == _run(second) and "finished 2 rounds" in _run(second)
    # other C++ flags are another configuration: its runtime is compiled, not taken
    other = vlt.build_testbench(SOURCES, "tb_named", tmp_path / "c", ["-CFLAGS", "-DRTLPRUNE_OTHER=1"], **quiet)
    assert not other.runtime_cached and _run(other) == _run(first)
    assert len(list(vlt.runtime_cache_dir().iterdir())) == 2
    # a flag that changes nothing in how the runtime compiles (a lint waiver) takes it from the cache
    waived = vlt.build_testbench(SOURCES, "tb_named", tmp_path / "d", ["-Wno-UNUSEDSIGNAL"], **quiet)
    assert waived.runtime_cached and _run(waived) == _run(first)


def test_a_top_whose_name_verilator_mangles_builds(tmp_path, monkeypatch):
    """`tb__x` is `Vtb___05Fx` in Verilator's file names: the make of the model must find it."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    tb = tmp_path / "tb.sv"
    tb.write_text((OWN / "tb_named.sv").read_text().replace("module tb_named;", "module tb__x;"))
    exe = vlt.build_testbench([OWN / "mac_unit.v", tb], "tb__x", tmp_path / "m", log=lambda m: None)
    assert "finished 2 rounds" in _run(exe)
