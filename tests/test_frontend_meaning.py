"""The default front end (slang) gives the source the meaning Verilator gives it: the pruned
design, co-simulated against the original source under Verilator with random inputs, prints
and outputs the same. Yosys' read_verilog does not (which is why it is not the default)."""

import pytest

from conftest import DESIGNS
from rtlprune.fuzz.generate import RandomDesign
from rtlprune.fuzz.oracles import cosimulate

pytestmark = pytest.mark.slow  # four Verilator builds

SOURCE = DESIGNS / "frontend_meaning.v"
DESIGN = RandomDesign(seed=3, text=SOURCE.read_text(), top="frontend_meaning",
                      outputs=[("o", 10), ("p", 4)], inputs=[("a", 1), ("b", 1), ("sa", 2), ("sb", 4)], registers=[])


@pytest.mark.parametrize("frontend, equal", [("slang", True), ("yosys", False)])
def test_port_widths_and_signed_prints_as_verilator_reads_them(prune, tmp_path, frontend, equal):
    p = prune([SOURCE], "--drop", "none", "--frontend", frontend)
    verdict = cosimulate(DESIGN, SOURCE, p.output, p.report, tmp_path / "cosim", cycles=50)
    assert verdict.ok is equal, verdict.message
