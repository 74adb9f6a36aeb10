"""Icarus Verilog as a second simulator (rtlprune.icarus, IcarusBackend, --simulator icarus):
the flows that time and check designs build and run every variant under Icarus, lockstep and
trace runs are equal on a correct prune and catch a wrong one, and every result says Icarus."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from rtlprune import icarus
from rtlprune.simulation.backends import IcarusBackend
from rtlprune.simulation.testbench import equivalence as tb_equivalence
from rtlprune.simulation.testbench.bench import Builder
from rtlprune.simulation.testbench.description import TestbenchDesign
from rtlprune.simulation.testbench.variants import prepare

ROOT = Path(__file__).resolve().parents[1]
OWN = Path(__file__).parent / "designs" / "own_testbench"
pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(shutil.which("iverilog") is None,
                                 reason="Icarus is not installed (apt-get install iverilog; .ci/run installs it)")]

COUNTER = """
module counter(input clk, input rst, output reg [7:0] n, output done);
  always @(posedge clk) n <= rst ? 8'd0 : n + 8'd1;
  assign done = n == 8'd40;
endmodule
"""


def test_the_driver_runs_until_done_and_reports_outputs(tmp_path):
    src = tmp_path / "counter.v"
    src.write_text(COUNTER)
    b = IcarusBackend(clock="clk", reset="rst", reset_cycles=3, done="done", report=["n"])
    built = b.build([src], "counter", tmp_path / "build")
    r = b.run(built, [], tmp_path / "run")
    assert r.values["clock_cycles"] == "40" and r.values["n"] == "40" and r.values["limit_hit"] == "0"
    assert r.seconds > 0
    again = b.build([src], "counter", tmp_path / "build")
    assert again.cached                                     # same sources: no second compile
    capped = b.run(built, ["+rtlprune_max_cycles=7"], tmp_path / "run")
    assert capped.values["limit_hit"] == "1" and capped.values["clock_cycles"] == "7"


def test_vta_lockstep_under_icarus_is_equal_and_compare_says_icarus(tmp_path):
    def sim(*args):
        return subprocess.run([sys.executable, "-m", "rtlprune.simulation", *args, "--design",
                               str(ROOT / "designs/vta/sim.toml"), "--config", "tiny", "--workload", "gemm-16",
                               "--build-dir", str(tmp_path / "b"), "--results", str(tmp_path / "r")],
                              capture_output=True, text=True, cwd=ROOT, timeout=900)
    eq = sim("equiv", "--mode", "both", "--backend", "icarus")
    assert eq.returncode == 0, eq.stdout[-2000:] + eq.stderr[-2000:]
    assert "EQUAL lockstep: observed signals equal in all" in eq.stdout and "EQUAL trace" in eq.stdout
    cmp_ = sim("compare", "--runs", "1", "--simulator", "icarus", "--reuse")
    assert cmp_.returncode == 0, cmp_.stdout[-2000:] + cmp_.stderr[-2000:]
    assert cmp_.stdout.startswith(f"simulator: Icarus Verilog {icarus.find().version} (-g2012, vvp -n)")
    r = json.loads((tmp_path / "r" / "vta-tiny-gemm-16-icarus.json").read_text())
    assert r["simulator"] == {"name": "icarus", "version": icarus.find().version, "path": shutil.which("iverilog")}
    assert r["traces_equal"] and len(set(r["cycles"].values())) == 1
    assert (tmp_path / "b" / "vta-tiny" / "timed-pruned-icarus" / "sim.vvp").is_file()


def test_own_testbench_under_icarus(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "rtlprune.simulation", "corpus", "--design", str(OWN / "named.toml"),
                           "--workload", "five", "--runs", "1", "--simulator", "icarus",
                           "--build-dir", str(tmp_path / "build"), "--results", str(tmp_path / "results")],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[-2000:]
    [r] = json.loads((tmp_path / "results" / "corpus.json").read_text())
    assert r["simulator"]["name"] == "icarus" and "vvp_lines" in r and "cpp_lines" not in r
    assert r["traces_equal"] and r["lockstep_equal"] and r["lockstep_cycles"] == r["cycles"] > 1000
    assert r["vvp_lines"]["pruned"] < r["vvp_lines"]["original"]     # the multiply-accumulate is gone
    assert (tmp_path / "results" / "corpus-mac-named-icarus.json").is_file()


def test_a_wrong_prune_is_caught_under_icarus(tmp_path):
    design = TestbenchDesign.load(OWN / "named.toml", "icarus")
    v = prepare(design, tmp_path / "build")
    v.unique_modules = True
    v.pruned.write_text(v.pruned.read_text().replace("count + 8'h01", "count + 8'h02"))
    builder = Builder("icarus", design, design.verilator_flags())
    lock = builder.build(v.lockstep_sources(), tmp_path / "lockstep")
    ls = tb_equivalence.lockstep(lock, design.workload("two"), tmp_path / "runs", 120, exit_code=0,
                             kept_ports=v.kept_ports())
    assert not ls["equal"] and ls["problems"][0].startswith("lockstep: cycle ")
    builds = {n: builder.build(v.observed_sources(n), tmp_path / f"observed-{n}") for n in ("original", "pruned")}
    eq = tb_equivalence.equivalence(v, builds, design.workload("two"), tmp_path / "runs", 120)
    assert not eq["equal"] and any(p.startswith("file progress.txt written by the testbench differs")
                                   for p in eq["problems"])


def test_rtlprune_for_icarus_chooses_the_top_form_by_what_icarus_makes_of_it(tmp_path):
    mac = Path(__file__).parent / "designs" / "mac_fsm.v"
    proc = subprocess.run([sys.executable, "-m", "rtlprune", str(mac), "--drop", "result_data", "--simulator", "icarus",
                           "-o", str(tmp_path / "m.v")], capture_output=True, text=True, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    form = json.loads((tmp_path / "m.report.json").read_text())["source_text"]["top_form"]
    lines = form["vvp_lines"]
    assert form["simulator"] == "icarus" and lines["netlist"] > 0 and lines["source_tie_off"] > 0
    assert form["form"] == ("source_tie_off" if lines["source_tie_off"] < lines["netlist"] else "netlist")
    assert (f"Icarus: {lines['source_tie_off']} lines of vvp code for the source's text, {lines['netlist']} "
            "for the netlist") in proc.stdout + proc.stderr
    # what it measured is what Icarus makes of the file written
    written = (tmp_path / "m.v").read_text()
    assert icarus.vvp_lines(written, "mac_fsm") == lines[form["form"]]


def test_a_verilog_top_hidden_from_verilator_runs_under_icarus(tmp_path):
    """driven.toml's [icarus] top is under `ifndef VERILATOR` (as picorv32's testbench is): what is
    read with Verilator (the model state) is read under the Verilator description's top."""
    driven = OWN / "driven.toml"
    design = TestbenchDesign.load(driven, "icarus")
    assert design.top == "tb_driven_top" and design.main is None
    seen = design.for_verilator()
    assert (seen.top, seen.dut_instance, seen.main.name) == ("tb_driven", "tb_driven.dut", "main_without_final.cpp")
    assert TestbenchDesign.load(driven).for_verilator().top == "tb_driven"
    proc = subprocess.run([sys.executable, "-m", "rtlprune.simulation", "corpus", "--design", str(driven),
                           "--runs", "1", "--simulator", "icarus",
                           "--build-dir", str(tmp_path / "build"), "--results", str(tmp_path / "results")],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[-2000:]
    [r] = json.loads((tmp_path / "results" / "corpus.json").read_text())
    assert r["traces_equal"] and r["lockstep_equal"] and r["lockstep_cycles"] == r["cycles"] > 500
    assert all(bits and bits > 0 for bits in r["model_state_bits"].values()), r["model_state_bits"]
