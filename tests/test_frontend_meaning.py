"""The default front end (slang) gives the source the meaning Verilator gives it: the pruned
design, co-simulated against the original source under Verilator with random inputs, prints
and outputs the same. Yosys' read_verilog does not (which is why it is not the default)."""

import pytest
from conftest import DESIGNS

from rtlprune.fuzz.oracles import cosimulate
from rtlprune.fuzz.random_designs import RandomDesign

pytestmark = pytest.mark.slow  # four Verilator builds

SOURCE = DESIGNS / "frontend_meaning.v"
DESIGN = RandomDesign(seed=3, text=SOURCE.read_text(), top="frontend_meaning",
                      outputs=[("o", 10), ("p", 4)], inputs=[("a", 1), ("b", 1), ("sa", 2), ("sb", 4)], registers=[])


@pytest.mark.parametrize("frontend, equal", [("slang", True), ("yosys", False)])
def test_port_widths_and_signed_prints_as_verilator_reads_them(prune, tmp_path, frontend, equal):
    p = prune([SOURCE], "--drop", "none", "--no-source-text", "--frontend", frontend)
    verdict = cosimulate(DESIGN, SOURCE, p.output, p.report, tmp_path / "cosim", cycles=50)
    assert verdict.ok is equal, verdict.message


PROMISES = DESIGNS / "case_promises.sv"
PROMISES_DESIGN = RandomDesign(seed=5, text=PROMISES.read_text(), top="case_promises",
                               outputs=[("w", 1), ("p", 1), ("q", 1)],
                               inputs=[("c", 2), ("s", 2), ("d", 1), ("e", 1), ("f", 1)], registers=[])


@pytest.mark.parametrize("frontend, equal", [("slang", True), ("yosys", False)])
def test_full_and_parallel_case_as_verilator_simulates_them(prune, tmp_path, frontend, equal):
    """The case attributes no longer let proc turn an uncovered value into x or drop the
    priority of overlapping items; read_verilog still writes the x of `full_case` itself."""
    p = prune([PROMISES], "--drop", "none", "--no-source-text", "--frontend", frontend)
    verdict = cosimulate(PROMISES_DESIGN, PROMISES, p.output, p.report, tmp_path / "cosim", cycles=100)
    assert verdict.ok is equal, verdict.message
