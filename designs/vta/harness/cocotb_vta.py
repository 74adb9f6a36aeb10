"""cocotb test of vta_sim_top: no Python per cycle.

Python only resets, starts cocotb's clock and awaits the harness's `done` (the HDL host programs
the control registers, launches and waits for finish; the HDL DRAM model serves the accelerator).
Then it reads the cycle counter and compares the dumped output region with the NumPy reference.

Environment (set by designs.vta.harness.build.run_cocotb):
  VTA_DUMP      path of the $writememh dump (same as +dram_dump)
  VTA_EXPECTED  .npy file of the expected (n, block_out) int8 output
  VTA_RESULT    JSON file this test writes: cycles, sim_cycles, timeout, match
  VTA_MAX_CYCLES  harness cycle limit (also passed as +max_cycles); the wait here is bounded too
  VTA_EXPECT_TIMEOUT  "1": the program is expected to hang; pass iff the harness reports a timeout
  VTA_CHECK_DATA  "0": do not compare the output with NumPy (a run for cycle counts only, as on a
                  design pruned of its write data, whose DRAM then holds zeros); default "1"
"""

import json
import os

import cocotb
import numpy as np
from cocotb.clock import Clock
from cocotb.triggers import ClockCycles, RisingEdge, with_timeout

CLOCK_NS = 10


def read_dump(path: str, shape) -> np.ndarray:
    words = [int(t, 16) for t in open(path).read().split() if not t.startswith(("//", "@"))]
    raw = np.array(words, dtype="<u8").tobytes()
    n = int(np.prod(shape))
    return np.frombuffer(raw[:n], dtype=np.int8).reshape(shape)


@cocotb.test()
async def run_program(dut):
    max_cycles = int(os.environ["VTA_MAX_CYCLES"])
    expect_timeout = os.environ.get("VTA_EXPECT_TIMEOUT") == "1"
    Clock(dut.clk, CLOCK_NS, unit="ns").start()
    dut.rst.value = 1
    await ClockCycles(dut.clk, 3)
    dut.rst.value = 0
    # the HDL host raises done at finish, or at +max_cycles with timeout=1
    await with_timeout(RisingEdge(dut.done), (max_cycles + 1000) * CLOCK_NS, "ns")
    await ClockCycles(dut.clk, 1)
    timeout = int(dut.timeout.value)
    result = {"cycles": int(dut.cycles.value), "sim_cycles": int(dut.sim_cycles.value),
              "timeout": bool(timeout), "match": False}
    check_data = os.environ.get("VTA_CHECK_DATA", "1") != "0"
    if not timeout and check_data:
        expected = np.load(os.environ["VTA_EXPECTED"])
        got = read_dump(os.environ["VTA_DUMP"], expected.shape)
        result["match"] = bool((got == expected).all())
        result["mismatches"] = int((got != expected).sum())
    with open(os.environ["VTA_RESULT"], "w") as f:
        json.dump(result, f)
    if expect_timeout:
        assert timeout, "the program was expected to hang, but it finished"
    else:
        assert not timeout, f"harness timeout after {max_cycles} cycles"
        assert result["match"] or not check_data, f"{result['mismatches']} output bytes differ from NumPy"
