"""--keep of top-level registers that nothing observed reads: they stay, driven as in the original.

Before, the register behind such a wire was deleted (silently, when the wire was also read into
a concatenation) or the Yosys worker crashed looking for it."""

import re

import pytest
from conftest import DESIGNS, assert_equivalent

pytestmark = pytest.mark.slow  # formal proofs

KEPT = DESIGNS / "kept_registers.v"


@pytest.mark.parametrize("args", [
    ["--keep", "aliased"],
    ["--drop", "none", "--keep", "dead"],
    ["--drop", "o", "--keep", "dropped"],
    ["--drop", "o", "--keep", "aliased", "--keep", "dead", "--keep", "dropped"],
])
def test_kept_register_is_driven_as_in_the_original(prune, args):
    p = prune([KEPT], *args)
    kept = [a for i, a in enumerate(args) if i and args[i - 1] == "--keep"]
    assert p.report["spec"]["kept_signals"] == sorted(kept)
    for name in kept:
        assert re.search(rf"\b{name} <=", p.verilog), f"nothing drives {name}"
    assert_equivalent(p, [KEPT], cycles=6)
