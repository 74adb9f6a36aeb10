"""Equivalence runs of VTA (tiny) under cocotb + Verilator: original vs pruned in lockstep and
trace modes, and a deliberately broken pruned design caught by both, with cycle, signal and both
values. Builds are shared by the module (each mode builds once; runs change only the image)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from rtlprune.simulation.harness.description import HarnessDesign
from rtlprune.simulation.harness.equivalence import run_lockstep, run_trace
from rtlprune.simulation.harness.variants import HarnessVariants, prepare

# one worker builds the module's models once (pytest-xdist --dist loadgroup)
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("sim-equiv")]  # Verilator builds and equivalence runs of VTA and systolic

ROOT = Path(__file__).resolve().parents[1]
VTA = ROOT / "designs" / "vta" / "sim.toml"
SYSTOLIC = ROOT / "designs" / "systolic" / "sim.toml"
WORKLOADS = ["gemm-16", "relu-shift", "matmul-256"]


@pytest.fixture(scope="module")
def vta(tmp_path_factory) -> HarnessVariants:
    design = HarnessDesign.load(VTA)
    return prepare(design, "tiny", tmp_path_factory.mktemp("vta-tiny"))


@pytest.fixture(scope="module")
def images(vta):
    d = vta.design
    return {w: d.make_image("tiny", w, vta.build_dir / "images" / f"{w}.hex") for w in WORKLOADS}


@pytest.fixture(scope="module")
def broken(vta) -> Path:
    """The pruned design with one control bit inverted: bit 0 of the DRAM read-request tag is
    flipped whenever a request is valid (the first fetch request carries tag 1, not 0)."""
    text = vta.pruned.read_text()
    new, n = re.subn(r"assign dram_rd_req_tag = ([^;]+);",
                     r"assign dram_rd_req_tag = (\1) ^ {2'b00, dram_rd_req_valid};", text)
    assert n == 1, "the assignment of dram_rd_req_tag was not found in the pruned Verilog"
    out = vta.build_dir / "vta_top.broken.v"
    out.write_text(new)
    return out


def test_spec_is_the_explicit_one(vta):
    assert vta.dropped_outputs == ["dram_wr_data_data"]
    assert "host_resp_rdata" in vta.kept_outputs


@pytest.mark.parametrize("workload", WORKLOADS)
def test_lockstep_equal(vta, images, workload, tmp_path):
    r = run_lockstep(vta, images[workload], tmp_path, backend="cocotb")
    assert r.equal, r.message
    assert r.cycle and r.cycle > 100 and not r.limit_hit


@pytest.mark.parametrize("workload", WORKLOADS)
def test_trace_equal(vta, images, workload, tmp_path):
    r = run_trace(vta, images[workload], tmp_path, backend="cocotb")
    assert r.equal, r.message
    assert r.cycle and r.cycle > 100
    # the traces really hold the observed signals: the DUT's kept outputs and the harness's
    header = (tmp_path / "original" / "trace-original.trace").read_text().splitlines()[1].split()[2:]
    names = {h.rsplit(":", 1)[0] for h in header}
    assert {"dut.dram_rd_req_addr", "dut.host_resp_rdata", "done", "cycles"} <= names
    assert "dut.dram_wr_data_data" not in names


@pytest.fixture(scope="module")
def systolic(tmp_path_factory) -> HarnessVariants:
    return prepare(HarnessDesign.load(SYSTOLIC), "tiny", tmp_path_factory.mktemp("systolic-tiny"))


@pytest.mark.parametrize("run", [run_lockstep, run_trace], ids=["lockstep", "trace"])
def test_second_design_with_its_own_harness(systolic, run, tmp_path):
    """The systolic example: another harness and ports, the same generated wrappers and recorder."""
    assert systolic.dropped_outputs == ["result_data"]
    image = systolic.design.make_image("tiny", "short", tmp_path / "short.hex")
    r = run(systolic, image, tmp_path / "run", backend="cocotb")
    assert r.equal, r.message
    assert r.cycle and r.cycle > 4 * 16 and not r.limit_hit  # four jobs of 16 beats each


@pytest.fixture(scope="module")
def broken_results(vta, images, broken, tmp_path_factory):
    w = tmp_path_factory.mktemp("broken")
    # the broken design hangs; the trace recorder cannot know, so bound it (gemm-16: ~700 cycles)
    lock = run_lockstep(vta, images["gemm-16"], w / "lockstep", backend="cocotb", pruned=broken,
                        tag="lockstep-broken", max_cycles=20000)
    trace = run_trace(vta, images["gemm-16"], w / "trace", backend="cocotb", pruned=broken,
                      tag="trace-broken", max_cycles=20000)
    return lock, trace


def test_broken_design_caught_by_lockstep(broken_results):
    lock, _ = broken_results
    assert not lock.equal
    assert lock.signal == "dut.dram_rd_req_tag"
    assert (lock.original, lock.pruned) == ("0", "1")
    assert lock.cycle > 0
    assert f"at cycle {lock.cycle}: signal dut.dram_rd_req_tag: original=0 pruned=1" in lock.message
    # a waveform of both around it, the tag diverging at that cycle
    assert f"; the observed signals of both around it: {lock.waveform} (GTKWave or Surfer)" in lock.message
    lines = lock.waveform.read_text().splitlines()
    assert "$scope module original $end" in lines and "$scope module dut $end" in lines
    ids = dict(re.findall(r"\$var wire \d+ (\S+) (\w+) \$end", "\n".join(lines)))
    tag = [i for i, n in ids.items() if n == "dram_rd_req_tag"]  # original's, then pruned's
    at = lines[lines.index(f"#{lock.cycle}") + 1: lines.index(f"#{lock.cycle + 1}")]
    values = {l.split()[1]: l.split()[0] for l in at if l.startswith("b")}
    assert int(values[tag[0]][1:], 2) == 0 and int(values[tag[1]][1:], 2) == 1
    times = [int(l[1:]) for l in lines if l.startswith("#")]
    assert times == list(range(max(0, lock.cycle - 48), lock.cycle + 8))


def test_broken_design_caught_by_trace(broken_results):
    lock, trace = broken_results
    assert not trace.equal
    assert (trace.signal, trace.original, trace.pruned) == ("dut.dram_rd_req_tag", "0", "1")
    assert trace.cycle == lock.cycle          # both modes number cycles the same way
    assert f"at cycle {trace.cycle}: signal dut.dram_rd_req_tag: original=0 pruned=1" in trace.message
    assert f"; the observed signals of both around it: {trace.waveform} (GTKWave or Surfer)" in trace.message
    lines = trace.waveform.read_text().splitlines()
    assert f"#{trace.cycle}" in lines and f"#{max(0, trace.cycle - 48)}" in lines


def test_environment_feedback_is_caught(vta, images, tmp_path):
    """A spec that also drops host_resp_rdata (inference used to: a data payload beside
    host_resp_valid) is sound for the module but wrong for this testbench: the HDL host polls
    the finish bit through it. The lockstep run must catch it and name that dropped output."""
    dropped = tmp_path / "vta_top.dropped_resp.v"
    p = subprocess.run([sys.executable, "-m", "rtlprune", str(vta.original), "-o", str(dropped), "-q",
                        "--drop", "dram_wr_data_data", "--drop", "host_resp_rdata"],
                       capture_output=True, text=True, cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    report = json.loads(dropped.with_suffix(".report.json").read_text())
    assert "host_resp_rdata" in report["spec"]["dropped_outputs"]
    v2 = HarnessVariants(vta.design, "tiny", vta.build_dir, vta.original, dropped, report)
    r = run_lockstep(v2, images["gemm-16"], tmp_path / "run", backend="cxx", tag="lockstep-dropped-resp",
                     max_cycles=20000)
    assert not r.equal
    assert r.signal in ("done", "cycles"), r.message
    assert "observed signals differ" in r.message
    assert re.search(r"environment feedback\? the original drove dropped outputs? .*host_resp_rdata \(non-zero "
                     r"from cycle \d+\)", r.message), r.message


def test_cli_bad_input_is_one_line():
    cmd = [sys.executable, "-m", "rtlprune.simulation", "equiv", "--design", str(VTA), "--config", "tiny"]
    p = subprocess.run([*cmd, "--workload", "no-such-workload"], capture_output=True, text=True, cwd=ROOT)
    assert p.returncode == 2
    assert "unknown workload 'no-such-workload'" in p.stderr and "Traceback" not in p.stderr
    assert len(p.stderr.strip().splitlines()) == 1
    p = subprocess.run([sys.executable, "-m", "rtlprune.simulation", "compare", "--design", "nope.toml",
                        "--workload", "gemm-16"], capture_output=True, text=True, cwd=ROOT)
    assert p.returncode == 2 and "nope.toml: no such design description" in p.stderr
