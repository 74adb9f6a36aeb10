"""Environment feedback: a harness or testbench that reads a dropped output back sees 0 from
the pruned design. Both kinds of equivalence run name the candidates the same way."""

from __future__ import annotations


def dropped_nonzero(seen: list[tuple[str, int]]) -> str:
    """'the original drove dropped outputs a (non-zero from cycle 5), ...': the candidates of
    environment feedback, as both kinds of equivalence run say them."""
    names = ", ".join(f"{n} (non-zero from cycle {c})" for n, c in seen)
    return f"the original drove dropped output{'s' if len(seen) > 1 else ''} {names}, which the pruned design ties to 0"
