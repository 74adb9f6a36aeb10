"""What each Yosys cell type means to rtlprune: the one place that must be right for soundness.

Per cell kind, three things that must agree:
- `visit`: which input bits output bit `pos` depends on (used by the cone, `cone.py`);
- `narrow`: how the cell is cut down to the output bits that are needed (used by `cut.py`);
- `storage_bits`: the flip-flop and memory bits it holds (used by the statistics).
A type with no kind below is `FULL`: every output bit depends on every input bit and the cell is
never narrowed, which is always sound. Adding a cell kind means adding a class here and naming
its types in `KINDS`.

Also here: which cells are side effects (prints, assertions, `$finish`/`$stop` carried as
tagged `$print` cells, blackbox instances), since the cone observes them.
"""

from __future__ import annotations

from pyosys import libyosys as ys

from yosys_passes.pyosys_util import ident, param_int, select_const, select_sig, set_param_int
from yosys_passes.tasks import FILE_PRINTS, FINISHES, TASK_TAG, TASKS

# -- side effects ------------------------------------------------------------------------------

# $finish, $stop, $fatal, ... travel as tagged $print cells (yosys_passes/tasks.py).

PRINTS = frozenset({"$print"})
ASSERTIONS = frozenset({"$check", "$assert", "$assume", "$cover", "$live", "$fair"})
SIDE_EFFECTS = PRINTS | ASSERTIONS


def task_of(format_string: str) -> str | None:
    """The task a $print cell stands for ('finish', 'fatal', ...), or None for a real print."""
    if not format_string.startswith(TASK_TAG):
        return None
    name = format_string[len(TASK_TAG):].split("@", 1)[0].split("(", 1)[0]
    return name if name in TASKS else None


def side_effect_kind(cell_type: str, format_string: str = "") -> str | None:
    """'finish', 'print' or 'assertion' for a side-effect cell, None for any other cell."""
    if cell_type in PRINTS:
        task = task_of(format_string)
        if task is None or task in FILE_PRINTS:
            return "print"
        return "finish" if task in FINISHES else "assertion"
    if cell_type in ASSERTIONS:
        return "assertion"
    return None


def is_blackbox_type(cell_type: str) -> bool:
    """User modules left as instances after flatten are blackboxes: their inputs are observed."""
    return not cell_type.startswith("$")


# An instance of a module the front end could not elaborate (a loop whose exit depends on data):
# not a side effect like a user's blackbox, but a cell every output bit of which may depend on
# every input bit (`Full`), removed when no output is needed, its text written where one is.
OPAQUE = "rtlprune_opaque"


def is_observed_blackbox(cell_type: str, attrs) -> bool:
    """A blackbox instance the cone observes: a user module left as an instance, not opaque.
    `attrs`: the cell's attribute names (a netlist cell's dict, or a pyosys cell's names)."""
    return is_blackbox_type(cell_type) and OPAQUE not in attrs


# -- cell kinds --------------------------------------------------------------------------------
# `visit(walk, ci, cell, port, pos)`: output bit `pos` of port `port` of netlist cell `cell`
# (index `ci`) is needed; mark the input bits it depends on with walk.mark / walk.mark_once.
# `narrow(cell, t, keep, summary)`: keep only output positions `keep` of the pyosys cell;
# return False to leave it whole.


class Full:
    """Every output bit depends on every input bit; never narrowed."""

    out_port = "Y"

    def visit(self, walk, ci, cell, port, pos) -> None:
        walk.mark_all_once(ci)

    def narrow(self, cell, t, keep, summary) -> bool:
        return False

    def storage_bits(self, cell: ys.Cell) -> tuple[int, int]:
        return 0, 0


def _slice_ports(cell: ys.Cell, ports, keep: list[int]) -> None:
    for p in ports:
        pid = ident(p)
        if cell.hasPort(pid):
            cell.setPort(pid, select_sig(cell.getPort(pid), keep))


class Bitwise(Full):
    """Y[i] depends on bit i of each per-bit port (with the cell's width extension rule)."""

    @staticmethod
    def ports(t: str) -> tuple[str, ...]:
        if t in ("$not", "$pos", "$buf"):
            return ("A",)
        if t == "$bwmux":
            return ("A", "B", "S")
        return ("A", "B")

    def visit(self, walk, ci, cell, port, pos) -> None:
        t, ins = cell.type, cell.inputs
        signed = cell.int_param("A_SIGNED") and (t in ("$not", "$pos", "$buf") or cell.int_param("B_SIGNED"))
        for p in self.ports(t):
            sig = ins[p]
            if pos < len(sig):
                walk.mark((sig[pos],), ci)
            elif signed and sig:
                walk.mark((sig[-1],), ci)

    def narrow(self, cell, t, keep, summary) -> bool:
        ports = self.ports(t)
        width = cell.getPort(ident("Y")).size()
        if any(cell.getPort(ident(p)).size() != width for p in ports):
            return False  # width extension at play: leave the cell whole, it is still sound
        _slice_ports(cell, (*ports, "Y"), keep)
        if t == "$bwmux":
            set_param_int(cell, "WIDTH", len(keep))
        else:
            for p in (*ports, "Y"):
                set_param_int(cell, f"{p}_WIDTH", len(keep))
        return True


class Prefix(Full):
    """Y[i] depends on A and B bits 0..i: the low bits of a sum, difference or product never
    depend on higher input bits. Narrowed to Y[0..highest needed]."""

    def visit(self, walk, ci, cell, port, pos) -> None:
        done = walk.prefix_done.get(ci, -1)
        if pos > done:
            walk.prefix_done[ci] = pos
            for p in ("A", "B"):
                if p in cell.inputs:
                    walk.mark(cell.inputs[p][done + 1: pos + 1], ci)

    def narrow(self, cell, t, keep, summary) -> bool:
        top = keep[-1]
        if top == cell.getPort(ident("Y")).size() - 1:
            return False
        keep = list(range(top + 1))
        _slice_ports(cell, ("Y",), keep)
        set_param_int(cell, "Y_WIDTH", top + 1)
        for p in ("A", "B"):  # inputs wider than that are truncated: low bits do not change
            if cell.hasPort(ident(p)) and cell.getPort(ident(p)).size() > top + 1:
                _slice_ports(cell, (p,), keep)
                set_param_int(cell, f"{p}_WIDTH", top + 1)
        return True


class Mux(Full):
    """Y[i] depends on A[i], on B[k*WIDTH+i] of every case k, and on the whole select."""

    def visit(self, walk, ci, cell, port, pos) -> None:
        ins = cell.inputs
        width = len(ins["A"])
        walk.mark((ins["A"][pos],), ci)
        walk.mark(ins["B"][pos::width], ci)
        walk.mark_once(ci, ("S",))

    def narrow(self, cell, t, keep, summary) -> bool:
        width = param_int(cell, "WIDTH")
        _slice_ports(cell, ("A", "Y"), keep)
        cases = cell.getPort(ident("B")).size() // width
        _slice_ports(cell, ("B",), [k * width + i for k in range(cases) for i in keep])
        set_param_int(cell, "WIDTH", len(keep))
        return True


class FlipFlop(Full):
    """Q[i] depends on D[i] (and AD/SET/CLR bit i) and on the whole clock, enable and resets."""

    out_port = "Q"
    BIT_PORTS = ("D", "AD", "SET", "CLR")
    BIT_PARAMS = ("ARST_VALUE", "SRST_VALUE")

    def visit(self, walk, ci, cell, port, pos) -> None:
        ins = cell.inputs
        for p in self.BIT_PORTS:
            if p in ins:
                walk.mark((ins[p][pos],), ci)
        walk.mark_once(ci, [p for p in ins if p not in self.BIT_PORTS])

    def narrow(self, cell, t, keep, summary) -> bool:
        _slice_ports(cell, ("Q", *self.BIT_PORTS), keep)
        for p in self.BIT_PARAMS:
            if cell.hasParam(ident(p)):
                cell.setParam(ident(p), select_const(cell.getParam(ident(p)), keep))
        summary.removed_ff_bits += param_int(cell, "WIDTH") - len(keep)
        set_param_int(cell, "WIDTH", len(keep))
        return True

    def storage_bits(self, cell: ys.Cell) -> tuple[int, int]:
        return param_int(cell, "WIDTH"), 0


_RD_PORT_BITS = ("RD_WIDE_CONTINUATION", "RD_CLK_ENABLE", "RD_CLK_POLARITY", "RD_CE_OVER_SRST")
_RD_PORT_WORDS = ("RD_INIT_VALUE", "RD_ARST_VALUE", "RD_SRST_VALUE")


class Memory(Full):
    """A $mem_v2 read data bit depends on its read port's address and controls, and on the same
    data column of every write port. Narrowed to the needed read ports and data columns."""

    out_port = "RD_DATA"

    def visit(self, walk, ci, cell, port, pos) -> None:
        if port != "RD_DATA":
            return super().visit(walk, ci, cell, port, pos)
        ins = cell.inputs
        width = cell.int_param("WIDTH")
        abits = cell.int_param("ABITS")
        column, rd_port = pos % width, pos // width
        ports = walk.memory_read_ports.setdefault(ci, set())
        if rd_port not in ports:
            # A wide read port spans several consecutive ports sharing one address.
            wide = cell.int_param("RD_WIDE_CONTINUATION")
            first = rd_port
            while first > 0 and (wide >> first) & 1:
                first -= 1
            last = rd_port
            n_rd = cell.int_param("RD_PORTS", 1)
            while last + 1 < n_rd and (wide >> (last + 1)) & 1:
                last += 1
            for p in range(first, last + 1):
                ports.add(p)
                walk.mark(ins["RD_ADDR"][p * abits: (p + 1) * abits], ci)
                for ctl in ("RD_EN", "RD_CLK", "RD_ARST", "RD_SRST"):
                    if ctl in ins:
                        walk.mark((ins[ctl][p],), ci)
        columns = walk.memory_columns.setdefault(ci, set())
        if column not in columns:
            columns.add(column)
            walk.mark(ins.get("WR_DATA", [])[column::width], ci)
            walk.mark(ins.get("WR_EN", [])[column::width], ci)
            walk.mark_once(ci, ("WR_ADDR", "WR_CLK"))

    def narrow_memory(self, cell: ys.Cell, read_ports: list[int], columns: list[int], summary) -> bool:
        """Keep the read ports and data columns given (the cone's); False if all are needed."""
        width, size = param_int(cell, "WIDTH"), param_int(cell, "SIZE")
        abits = param_int(cell, "ABITS")
        n_rd, n_wr = param_int(cell, "RD_PORTS"), param_int(cell, "WR_PORTS")
        if len(read_ports) == n_rd and len(columns) == width:
            return False
        # Read ports first (per-port signals and parameters), then data columns everywhere.
        if len(read_ports) < n_rd:
            summary.removed_read_ports += n_rd - len(read_ports)
            for p in ("RD_CLK", "RD_EN", "RD_ARST", "RD_SRST"):
                _slice_ports(cell, (p,), read_ports)
            _slice_ports(cell, ("RD_ADDR",), [r * abits + i for r in read_ports for i in range(abits)])
            _slice_ports(cell, ("RD_DATA",), [r * width + i for r in read_ports for i in range(width)])
            for p in _RD_PORT_BITS:
                if cell.hasParam(ident(p)):
                    cell.setParam(ident(p), select_const(cell.getParam(ident(p)), read_ports))
            for p in _RD_PORT_WORDS:
                if cell.hasParam(ident(p)):
                    words = [r * width + i for r in read_ports for i in range(width)]
                    cell.setParam(ident(p), select_const(cell.getParam(ident(p)), words))
            for p in ("RD_TRANSPARENCY_MASK", "RD_COLLISION_X_MASK"):
                if cell.hasParam(ident(p)):
                    pairs = [r * n_wr + w for r in read_ports for w in range(n_wr)]
                    cell.setParam(ident(p), select_const(cell.getParam(ident(p)), pairs))
            set_param_int(cell, "RD_PORTS", len(read_ports))
            n_rd = len(read_ports)
        if len(columns) < width:
            summary.removed_memory_columns += width - len(columns)
            _slice_ports(cell, ("RD_DATA",), [r * width + c for r in range(n_rd) for c in columns])
            _slice_ports(cell, ("WR_DATA", "WR_EN"), [w * width + c for w in range(n_wr) for c in columns])
            for p in _RD_PORT_WORDS:
                if cell.hasParam(ident(p)):
                    cell.setParam(ident(p), select_const(cell.getParam(ident(p)),
                                                         [r * width + c for r in range(n_rd) for c in columns]))
            init = cell.getParam(ident("INIT"))
            if init.is_fully_undef():
                cell.setParam(ident("INIT"), ys.Const.from_string("x" * (size * len(columns))))
            else:
                cell.setParam(ident("INIT"), select_const(init, [w * width + c for w in range(size) for c in columns]))
            set_param_int(cell, "WIDTH", len(columns))
        return True

    def storage_bits(self, cell: ys.Cell) -> tuple[int, int]:
        return 0, param_int(cell, "WIDTH") * param_int(cell, "SIZE")


FULL, BITWISE, PREFIX, MUX, FLIP_FLOP, MEMORY = Full(), Bitwise(), Prefix(), Mux(), FlipFlop(), Memory()

KINDS: dict[str, Full] = {
    **dict.fromkeys(("$not", "$pos", "$buf", "$and", "$or", "$xor", "$xnor", "$bwmux"), BITWISE),
    **dict.fromkeys(("$add", "$sub", "$mul", "$neg"), PREFIX),
    **dict.fromkeys(("$mux", "$pmux"), MUX),
    **dict.fromkeys(("$ff", "$dff", "$dffe", "$adff", "$adffe", "$sdff", "$sdffe", "$sdffce", "$dffsr",
                     "$dffsre", "$aldff", "$aldffe", "$dlatch", "$adlatch", "$dlatchsr", "$sr"), FLIP_FLOP),
    **dict.fromkeys(("$mem", "$mem_v2"), MEMORY),
}


def kind_of(cell_type: str) -> Full:
    return KINDS.get(cell_type, FULL)


def storage_bits(cell: ys.Cell) -> tuple[int, int]:
    """Flip-flop bits and memory bits a pyosys cell holds."""
    return kind_of(cell.type.str()).storage_bits(cell)
