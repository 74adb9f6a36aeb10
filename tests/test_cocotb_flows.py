"""A cocotb project that is not part of this repository (written here into a temporary
directory: a MAC datapath beside a counting FSM, its cocotb test, a Makefile on cocotb's
Makefile.sim with SIM=verilator) runs unchanged on the pruned model: through `rtlprune.mk`
with RTLPRUNE=1, and through cocotb's Python runner with rtlprune.flows.runner.build."""

import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import DESIGNS

pytestmark = pytest.mark.slow  # Verilator builds through cocotb

TEST_PY = '''
import cocotb
from cocotb.clock import Clock
from cocotb.triggers import ClockCycles, RisingEdge


@cocotb.test()
async def sixteen_beats_then_done(dut):
    cocotb.start_soon(Clock(dut.clk, 10, unit="ns").start())
    dut.rst.value = 1
    dut.start.value = 0
    dut.a.value = 3
    dut.b.value = 5
    await ClockCycles(dut.clk, 2)
    dut.rst.value = 0
    dut.start.value = 1
    await RisingEdge(dut.clk)
    dut.start.value = 0
    for cycle in range(100):
        await RisingEdge(dut.clk)
        if dut.done.value:
            break
    assert dut.done.value, "done never rose"
    assert cycle == 16, cycle
'''

MAKEFILE = '''SIM ?= verilator
TOPLEVEL_LANG = verilog
VERILOG_SOURCES = $(PWD)/mac_fsm.v
COCOTB_TOPLEVEL = mac_fsm
COCOTB_TEST_MODULES = test_mac
include $(shell rtlprune --makefiles)/rtlprune.mk
include $(shell cocotb-config --makefiles)/Makefile.sim
'''


@pytest.fixture
def project(tmp_path):
    shutil.copy(DESIGNS / "mac_fsm.v", tmp_path / "mac_fsm.v")
    (tmp_path / "test_mac.py").write_text(TEST_PY)
    (tmp_path / "Makefile").write_text(MAKEFILE)
    return tmp_path


def _env() -> dict:
    # rtlprune and cocotb-config as `pip install` put them: beside this interpreter
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    env.pop("MAKEFLAGS", None)
    return env


def _make(project: Path, *args: str) -> subprocess.CompletedProcess:
    # PWD as a shell that cd'ed there sets it (cocotb's examples name sources by $(PWD))
    return subprocess.run(["make", *args], cwd=project, env=dict(_env(), PWD=str(project)), capture_output=True,
                          text=True, timeout=600)


def _verilated_files(build: Path) -> str:
    return (build / "Vtop__verFiles.dat").read_text()


def _results(path: Path) -> dict[str, bool]:
    return {c.get("name"): not any(ch.tag in ("failure", "error") for ch in c)
            for c in ET.parse(path).getroot().iter("testcase")}


def test_makefile_flow_runs_the_users_tests_on_the_pruned_model(project):
    original = _make(project)
    assert original.returncode == 0, original.stdout[-3000:] + original.stderr[-3000:]
    assert _results(project / "results.xml") == {"sixteen_beats_then_done": True}

    pruned = _make(project, "RTLPRUNE=1", "RTLPRUNE_DROP=result_data")
    assert pruned.returncode == 0, pruned.stdout[-3000:] + pruned.stderr[-3000:]
    assert _results(project / "results.xml") == {"sixteen_beats_then_done": True}
    built = _verilated_files(project / "sim_build_pruned-default")
    assert "mac_fsm.pruned.v" in built and str(project / "mac_fsm.v") not in built
    [report] = (project / "rtlprune_build" / "cache").glob("*/mac_fsm.pruned.report.json")
    assert "$mul" not in json.loads(report.read_text())["after"]["cells_by_type"]  # the multiplier went

    # Cached: the same sources and spec prune nothing again.
    again = _make(project, "RTLPRUNE=1", "RTLPRUNE_DROP=result_data")
    assert again.returncode == 0 and "rtlprune: pruning" not in again.stderr + again.stdout

    # The pruned model is what runs: dropping the output the test waits for fails the test.
    wrong = _make(project, "RTLPRUNE=1", "RTLPRUNE_DROP=done")
    assert wrong.returncode != 0
    assert _results(project / "results.xml") == {"sixteen_beats_then_done": False}


def test_makefile_compare_shows_four_variants_and_minimal_visibility(project):
    proc = _make(project, "rtlprune-compare", "RTLPRUNE_DROP=result_data")
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    table = proc.stdout[proc.stdout.index("| test |"):]
    assert table.splitlines()[0].startswith("| test | original-default | original-minimal | pruned-default | "
                                            "pruned-minimal |")
    row = table.splitlines()[2]
    assert row.startswith("| test_mac.sixteen_beats_then_done | pass ") and row.count("pass ") == 4
    # every variant simulated the same time (the same cycles): the condition of every ratio
    entry = json.loads((project / "rtlprune_build" / "compare.json").read_text())["tests"][
        "test_mac.sixteen_beats_then_done"]
    times = {entry[v]["sim_time_ns"] for v in ("original-default", "original-minimal", "pruned-default",
                                                "pruned-minimal")}
    assert len(times) == 1 and times.pop() > 0
    # the ratios are there (None where a run is too short for cocotb's milliseconds and reads 0 s)
    assert all(entry[r] is None or entry[r] > 0 for r in ("pruning (default visibility)",
                                                          "pruning (minimal visibility)", "both"))
    # Minimal visibility: only the ports are public (cocotb's default makes every signal public).
    assert '"state"' in _public(project / "sim_build") and '"done"' in _public(project / "sim_build")
    minimal = _public(project / "sim_build_original-minimal")
    assert '"state"' not in minimal and '"done"' in minimal
    assert _public(project / "sim_build_pruned-minimal").count("varInsert") < \
        _public(project / "sim_build_pruned-default").count("varInsert")


def _public(build: Path) -> str:
    """Verilator's table of the variables VPI can reach (the model's Syms files)."""
    return "".join(f.read_text() for f in sorted(build.glob("Vtop__Syms*.cpp")))


def test_makefile_flow_without_a_spec_says_what_to_give(project):
    proc = _make(project, "RTLPRUNE=1")
    assert proc.returncode != 0
    assert "rtlprune.mk: error: no spec for mac_fsm: give the outputs to drop (RTLPRUNE_DROP" in proc.stderr


def test_runner_helper_builds_the_pruned_model(project, monkeypatch):
    from cocotb_tools.runner import get_runner

    from rtlprune.flows.runner import build

    monkeypatch.chdir(project)
    monkeypatch.syspath_prepend(str(project))
    results = {}
    for pruned, visibility in ((False, "default"), (True, "minimal")):
        runner = get_runner("verilator")
        built = build(runner, sources=[project / "mac_fsm.v"], hdl_toplevel="mac_fsm", pruned=pruned,
                      visibility=visibility, drop=["result_data"], keep=["count"], build_dir=project / "rb")
        xml = runner.test(hdl_toplevel="mac_fsm", test_module="test_mac", test_dir=project,
                          results_xml=str(project / f"results-{built.variant}.xml"))
        results[built.variant] = _results(Path(xml))
    assert results == {"original-default": {"sixteen_beats_then_done": True},
                       "pruned-minimal": {"sixteen_beats_then_done": True}}
    assert "mac_fsm.pruned.v" in _verilated_files(project / "rb_pruned-minimal")
    # minimal visibility: the ports and the kept signal a test may read, not the rest
    public = _public(project / "rb_pruned-minimal")
    assert '"count"' in public and '"done"' in public and '"state"' not in public


icarus_only = pytest.mark.skipif(shutil.which("iverilog") is None,
                                 reason="Icarus is not installed (apt-get install iverilog; .ci/run installs it)")


@icarus_only
def test_makefile_flow_under_icarus_runs_the_users_tests_on_the_pruned_model(project):
    pruned = _make(project, "SIM=icarus", "RTLPRUNE=1", "RTLPRUNE_DROP=result_data")
    assert pruned.returncode == 0, pruned.stdout[-3000:] + pruned.stderr[-3000:]
    assert _results(project / "results.xml") == {"sixteen_beats_then_done": True}
    assert "iverilog" in pruned.stdout and "mac_fsm.pruned.v" in pruned.stdout
    assert str(project / "mac_fsm.v") not in pruned.stdout.split("iverilog", 1)[1].splitlines()[0]
    # The pruned model is what runs: dropping the output the test waits for fails the test.
    wrong = _make(project, "SIM=icarus", "RTLPRUNE=1", "RTLPRUNE_DROP=done")
    assert wrong.returncode != 0
    assert _results(project / "results.xml") == {"sixteen_beats_then_done": False}
    # no visibility switch under Icarus: said, not imitated
    minimal = _make(project, "SIM=icarus", "RTLPRUNE=1", "RTLPRUNE_DROP=result_data", "RTLPRUNE_VISIBILITY=minimal")
    assert minimal.returncode != 0 and "has no meaning under SIM=icarus" in minimal.stdout + minimal.stderr
    compare = _make(project, "SIM=icarus", "rtlprune-compare", "RTLPRUNE_DROP=result_data")
    assert compare.returncode == 0, compare.stdout[-3000:] + compare.stderr[-3000:]
    table = compare.stdout[compare.stdout.index("| test |"):]
    assert table.splitlines()[0].startswith("| test | original-default | pruned-default |")
    assert table.splitlines()[2].count("pass ") == 2


@icarus_only
def test_runner_helper_builds_the_pruned_model_under_icarus(project, monkeypatch):
    from cocotb_tools.runner import get_runner

    from rtlprune.errors import UserError
    from rtlprune.flows.runner import build

    monkeypatch.chdir(project)
    monkeypatch.syspath_prepend(str(project))
    runner = get_runner("icarus")
    # timescale: the runner's, as cocotb's Makefile flow gives Icarus one (the test's 10 ns clock)
    built = build(runner, sources=[project / "mac_fsm.v"], hdl_toplevel="mac_fsm", pruned=True,
                  drop=["result_data"], build_dir=project / "ib", timescale=("1ns", "1ps"))
    assert built.variant == "pruned-default" and built.sources[-1].endswith("mac_fsm.pruned.v")
    assert str(project / "mac_fsm.v") not in built.sources
    xml = runner.test(hdl_toplevel="mac_fsm", test_module="test_mac", test_dir=project,
                      results_xml=str(project / "results-icarus.xml"))
    assert _results(Path(xml)) == {"sixteen_beats_then_done": True}
    with pytest.raises(UserError, match="no visibility switch"):
        build(get_runner("icarus"), sources=[project / "mac_fsm.v"], hdl_toplevel="mac_fsm", pruned=True,
              drop=["result_data"], visibility="minimal", build_dir=project / "ib")
