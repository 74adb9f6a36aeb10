"""Build and run vta_sim_top (the harness) around one vta_top under Verilator, through
rtlprune's simulator back ends: the generated C++ driver for timed runs (no Python per cycle),
cocotb for the tests (`designs.vta.harness.cocotb_vta`)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from rtlprune.simulation.backends import Build, CocotbBackend, CxxBackend

HERE = Path(__file__).parent
HARNESS_V = HERE / "vta_sim_top.v"
TOP = "vta_sim_top"
CXX = CxxBackend(clock="clk", reset="rst", reset_active_high=True, reset_cycles=2, done="done",
                 report=["done", "timeout", "cycles", "sim_cycles"])
COCOTB = CocotbBackend(test_module="designs.vta.harness.cocotb_vta")


def _sources(vta_verilog: str | Path) -> list[Path]:
    return [HARNESS_V, Path(vta_verilog).resolve()]


@dataclass
class SimResult:
    done: bool
    timeout: bool
    cycles: int          # vta_top's cycle counter, launch to finish
    sim_cycles: int      # harness cycles
    seconds: float       # simulation wall time (excludes build)


def build(vta_verilog: str | Path, build_dir: str | Path) -> Build:
    """The C++-driven model of vta_sim_top + the given vta_top Verilog."""
    return CXX.build(_sources(vta_verilog), TOP, Path(build_dir))


def run(built: Build, image: str | Path, dump: str | Path, max_cycles: int = 0,
        latency: int | None = None, wall_timeout: float | None = None) -> SimResult:
    plusargs = [f"+dram_image={Path(image).resolve()}", f"+dram_dump={Path(dump).resolve()}", f"+max_cycles={max_cycles}"]
    if latency is not None:
        plusargs.append(f"+dram_latency={latency}")
    r = CXX.run(built, plusargs, Path(dump).resolve().parent, wall_timeout=wall_timeout)
    v = r.values
    return SimResult(v["done"] == "1", v["timeout"] == "1", int(v["cycles"]), int(v["sim_cycles"]), r.seconds)


def build_cocotb(vta_verilog: str | Path, build_dir: str | Path) -> Build:
    return COCOTB.build(_sources(vta_verilog), TOP, Path(build_dir))


def run_cocotb(built: Build, program, work_dir: str | Path, max_cycles: int = 2_000_000,
               expect_timeout: bool = False, latency: int | None = None) -> dict:
    """Run `program` under cocotb; the dict the test wrote (cycles, sim_cycles, timeout, match),
    plus 'passed' (the cocotb test's verdict)."""
    work = Path(work_dir).resolve()
    work.mkdir(parents=True, exist_ok=True)
    image = program.write_image(work / "image.hex")
    expected = work / "expected.npy"
    np.save(expected, program.expected)
    dump, result = work / "dump.hex", work / "result.json"
    for f in (dump, result):
        f.unlink(missing_ok=True)
    plusargs = [f"+dram_image={image}", f"+dram_dump={dump}", f"+max_cycles={max_cycles}"]
    if latency is not None:
        plusargs.append(f"+dram_latency={latency}")
    env = {"VTA_DUMP": str(dump), "VTA_EXPECTED": str(expected), "VTA_RESULT": str(result),
           "VTA_MAX_CYCLES": str(max_cycles), "VTA_EXPECT_TIMEOUT": "1" if expect_timeout else "0"}
    r = COCOTB.run(built, plusargs, work, env=env)
    out = json.loads(result.read_text()) if result.exists() else {}
    out["passed"] = r.values["passed"]
    return out
