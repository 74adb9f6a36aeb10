"""How each Yosys cell type's output bits depend on its input bits.

One table, shared by the cone analysis (which bits are needed) and the cut (how a cell is
narrowed to the bits that are needed). Anything not listed is treated as "full": every
output bit depends on every input bit, which is always sound.
"""

from rtlprune.system_tasks import FINISHES, task_of

# Output bit i depends only on input bit i of the per-bit ports (with the cell's width
# extension rule when widths differ).
BITWISE = frozenset({"$not", "$pos", "$buf", "$and", "$or", "$xor", "$xnor", "$bwmux"})
# Y bit i depends only on A and B bits 0..i: the low bits of a sum, difference or product
# never depend on higher input bits.
PREFIX = frozenset({"$add", "$sub", "$mul", "$neg"})
# Y bit i depends on A[i], on B[k*WIDTH+i] of every case k, and on the whole select.
MUX = frozenset({"$mux", "$pmux"})
# Q bit i depends on D[i] (and AD/SET/CLR bit i) and on the whole clock, enable and resets.
FLIP_FLOPS = frozenset({
    "$ff", "$dff", "$dffe", "$adff", "$adffe", "$sdff", "$sdffe", "$sdffce", "$dffsr",
    "$dffsre", "$aldff", "$aldffe", "$dlatch", "$adlatch", "$dlatchsr", "$sr",
})
FF_BIT_PORTS = ("D", "AD", "SET", "CLR")
FF_BIT_PARAMS = ("ARST_VALUE", "SRST_VALUE")
MEMORIES = frozenset({"$mem", "$mem_v2"})
PRINTS = frozenset({"$print"})
ASSERTIONS = frozenset({"$check", "$assert", "$assume", "$cover", "$live", "$fair"})
SIDE_EFFECTS = PRINTS | ASSERTIONS


def side_effect_kind(cell_type: str, format_string: str = "") -> str | None:
    """'finish', 'print' or 'assertion' for a side-effect cell, None for any other cell.

    $finish/$stop, carried through Yosys as tagged $print cells (`rtlprune.system_tasks`), end
    the simulation and are always observed; a tagged $fatal/$error/... is an assertion failure.
    """
    if cell_type in PRINTS:
        task = task_of(format_string)
        if task is None:
            return "print"
        return "finish" if task in FINISHES else "assertion"
    if cell_type in ASSERTIONS:
        return "assertion"
    return None


def is_blackbox_type(cell_type: str) -> bool:
    """User modules left as instances after flatten are blackboxes: their inputs are observed."""
    return not cell_type.startswith("$")


def bitwise_ports(cell_type: str) -> tuple[str, ...]:
    """The ports of a bitwise cell that are sliced bit by bit with Y."""
    if cell_type in ("$not", "$pos", "$buf"):
        return ("A",)
    if cell_type == "$bwmux":
        return ("A", "B", "S")
    return ("A", "B")
