"""Build vta_sim_top for cocotb (cocotb_tools.runner, Verilator) and run one program on it."""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np

from rtlprune import verilator
from .build import HARNESS_V

TEST_MODULE = "designs.vta.harness.cocotb_vta"
REPO_ROOT = Path(__file__).resolve().parents[3]


def _prepare_env():
    # the runner looks Verilator up on PATH and runs make with this environment
    os.environ.update(verilator.env())


def build_cocotb(vta_verilog: str | Path, build_dir: str | Path):
    from cocotb_tools.runner import get_runner

    _prepare_env()
    runner = get_runner("verilator")
    runner.build(sources=[HARNESS_V, Path(vta_verilog).resolve()], hdl_toplevel="vta_sim_top",
                 build_dir=Path(build_dir), always=True,
                 build_args=["-Wno-WIDTH", "-Wno-CASEOVERLAP", "-Wno-fatal", "-O2", "-j", "2"],
                 log_file=Path(build_dir) / "build.log")
    return runner


def run_cocotb(runner, build_dir: str | Path, program, work_dir: str | Path, max_cycles: int = 2_000_000,
               expect_timeout: bool = False, latency: int | None = None) -> dict:
    """Run `program` on the built model; returns the result dict written by the cocotb test,
    plus 'passed' (the cocotb test's verdict)."""
    from cocotb_tools.runner import get_results

    _prepare_env()
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
           "VTA_MAX_CYCLES": str(max_cycles), "VTA_EXPECT_TIMEOUT": "1" if expect_timeout else "0",
           "PYTHONPATH": os.pathsep.join([str(REPO_ROOT), os.environ.get("PYTHONPATH", "")])}
    xml = work / "results.xml"
    try:
        runner.test(test_module=TEST_MODULE, hdl_toplevel="vta_sim_top", build_dir=Path(build_dir),
                    test_dir=work, plusargs=plusargs, extra_env=env, results_xml=str(xml),
                    log_file=work / "sim.log")
    except SystemExit:          # the runner exits when a cocotb test fails; the XML says which
        pass
    _, failed = get_results(xml)
    out = json.loads(result.read_text()) if result.exists() else {}
    out["passed"] = failed == 0
    return out
