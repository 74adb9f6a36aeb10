"""cocotb test of a generated equivalence top (lockstep or trace): no Python per cycle.

Python starts cocotb's C clock, holds reset, then awaits the top's `finished` output; the HDL
compares (lockstep) or records (trace) every cycle. Environment (set by rtlprune.simulation.harness.equivalence):
RTLPRUNE_RESULT (JSON written here), RTLPRUNE_RESET_CYCLES, RTLPRUNE_MAX_CYCLES (the top's cycle
limit, also given as +rtlprune_max_cycles; the wait here is bounded by it too)."""

import json
import os

import cocotb
from cocotb.clock import Clock
from cocotb.triggers import ClockCycles, RisingEdge, with_timeout

CLOCK_NS = 10


@cocotb.test()
async def equivalence_run(dut):
    reset_cycles = int(os.environ.get("RTLPRUNE_RESET_CYCLES", "3"))
    max_cycles = int(os.environ.get("RTLPRUNE_MAX_CYCLES", "0"))
    Clock(dut.clk, CLOCK_NS, unit="ns").start()
    dut.rst.value = 1
    await ClockCycles(dut.clk, reset_cycles)
    dut.rst.value = 0
    if max_cycles:
        await with_timeout(RisingEdge(dut.finished), (max_cycles + reset_cycles + 100) * CLOCK_NS, "ns")
    else:
        await RisingEdge(dut.finished)
    await ClockCycles(dut.clk, 1)
    result = {k: int(getattr(dut, k).value) for k in ("finished", "mismatch", "limit_hit", "cycle")}
    with open(os.environ["RTLPRUNE_RESULT"], "w") as f:
        json.dump(result, f)
    assert not result["mismatch"], "observed signals differ (see the MISMATCH line)"
    assert not result["limit_hit"], f"hit the cycle limit of {max_cycles} cycles"
