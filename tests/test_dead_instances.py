"""Instances that nothing observed reads go, but an instance that holds a print, an assertion, a
blackbox or a kept signal stays, and only the instance named by --keep keeps its register
(proved by bounded formal equivalence). This is the pruning of the hierarchy before flatten,
with either front end (slang reads with --keep-hierarchy: a module per
instance, without the buffers of its own flattening, hence fewer cells)."""

import re

import pytest
from conftest import DESIGNS, assert_equivalent

pytestmark = pytest.mark.slow  # formal proofs

DEAD = DESIGNS / "dead_instances.sv"


@pytest.mark.parametrize("frontend, cells_before", [("yosys", 34), ("slang", 40)])
@pytest.mark.parametrize("extra", [[], ["--keep", "u_b.inner"], ["--drop", "count", "--drop-prints", "--drop-assertions"]])
def test_dead_instances_holding_observed_things_survive(prune, extra, frontend, cells_before):
    p = prune([DEAD], "--drop", "junk_data", "--frontend", frontend, *extra)
    assert p.report["before"]["cells"] == cells_before
    assert p.cells("\\dead_bb") == 1  # a blackbox whose outputs nothing reads is still observed
    assert re.search(r"\\u_t\.mark\b", p.verilog)  # (* rtlprune_keep *) in a dead instance
    assert p.cells("$mul") == 0  # leaf's product only fed junk_data
    keep_b = "u_b.inner" in extra
    assert bool(re.search(r"\\u_b\.inner\b", p.verilog)) == keep_b
    assert not re.search(r"\\u_a\.inner\b", p.verilog)  # same module, not kept: removed
    dropped_effects = "--drop-prints" in extra
    assert p.cells("$print") == p.cells("$check") == (0 if dropped_effects else 1)
    assert_equivalent(p, [DEAD], cycles=12, sv=True, frontend=frontend)
