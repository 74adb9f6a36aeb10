"""Bit-precise sequential cone of influence.

Starting from the observed bits (output ports, kept signals, inputs of side-effect and
blackbox cells), walk backwards through cells, registers and memories, one bit at a time,
using the dependence model of each cell kind (`cells`). A register whose bit 0 is control keeps only
bit 0; a memory keeps only the data columns that an observed bit can read.
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass

from yosys_passes import cells as cs
from yosys_passes.netlist import Cell, Netlist

OBSERVED = -1  # reason code: the bit or cell is observed itself


@dataclass
class Cone:
    netlist: Netlist
    needed: bytearray  # needed[bit] == 1 when the bit can reach an observed signal
    bit_reason: array  # for a needed bit: the index of the cell that reads it, or OBSERVED
    cell_reason: array  # for a needed cell: the output bit that made it needed, or OBSERVED
    root_labels: dict[int, str]  # observed cell index -> why it is observed
    memory_read_ports: dict[int, set[int]]  # memory cell index -> read ports that are needed
    memory_columns: dict[int, set[int]]  # memory cell index -> data columns that are needed

    def cell_needed(self, index: int) -> bool:
        return self.cell_reason[index] != -2

    def needed_positions(self, bits: list) -> list[int]:
        needed = self.needed
        return [i for i, b in enumerate(bits) if type(b) is int and needed[b]]


def _is_root_cell(cell: Cell, drop_prints: bool, drop_assertions: bool) -> str | None:
    kind = cs.side_effect_kind(cell.type, cell.params.get("FORMAT", ""))
    if kind == "finish":
        return "simulation task ($finish/$stop)"
    if kind == "print":
        return None if drop_prints else "print side effect"
    if kind == "assertion":
        return None if drop_assertions else "assertion"
    if cs.is_observed_blackbox(cell.type, cell.attrs):
        return f"blackbox instance of '{cell.type.lstrip(chr(92))}'"
    if cell.attrs.get("keep") not in (None, "0", "00000000000000000000000000000000"):
        return "cell with a keep attribute"
    return None


def observed_wires(netlist: Netlist) -> list[str]:
    """Output ports and wires marked rtlprune_keep: the observed signals."""
    names = [n for n, (d, _b) in netlist.ports.items() if d == "output"]
    names += [n for n, (_h, _b, a) in netlist.netnames.items() if "rtlprune_keep" in a and n not in names]
    return names


class _Walk:
    """The state of one backward walk; cell kinds mark input bits through it (`cells.py`)."""

    def __init__(self, netlist: Netlist, max_bit: int | None = None):
        self.cells = netlist.cells
        size = (netlist.max_bit if max_bit is None else max_bit) + 1
        self.needed = bytearray(size)
        self.bit_reason = array("i", [-2]) * size
        self.cell_reason = array("i", [-2]) * len(self.cells)
        self.stack: list[int] = []
        self.once: set[tuple[int, str]] = set()
        self.prefix_done: dict[int, int] = {}
        self.memory_columns: dict[int, set[int]] = {}
        self.memory_read_ports: dict[int, set[int]] = {}

    def mark(self, bits, reader: int) -> None:
        """Bits read by cell `reader` (or OBSERVED) are needed."""
        needed, bit_reason, stack = self.needed, self.bit_reason, self.stack
        for b in bits:
            if type(b) is int and not needed[b]:
                needed[b] = 1
                bit_reason[b] = reader
                stack.append(b)

    def mark_once(self, ci: int, ports) -> None:
        """Whole input ports of cell `ci` are needed (done once per port)."""
        cell = self.cells[ci]
        for p in ports:
            if (ci, p) not in self.once and p in cell.inputs:
                self.once.add((ci, p))
                self.mark(cell.inputs[p], ci)

    def mark_all_once(self, ci: int) -> None:
        """Every input bit of cell `ci` is needed."""
        if (ci, "*") not in self.once:
            self.once.add((ci, "*"))
            for bits in self.cells[ci].inputs.values():
                self.mark(bits, ci)

    def visit(self, ci: int, port: str, pos: int, bit: int) -> None:
        cell = self.cells[ci]
        if self.cell_reason[ci] == -2:
            self.cell_reason[ci] = bit
        cs.kind_of(cell.type).visit(self, ci, cell, port, pos)


Driver = tuple[int, str, int]   # (cell index, output port, position) driving a bit


def drivers(netlist: Netlist) -> tuple[dict[int, Driver], dict[int, list[Driver]]]:
    """The cell output driving each bit, and the further drivers of a bit driven twice."""
    driver: dict[int, Driver] = {}
    extra_drivers: dict[int, list[Driver]] = {}
    for ci, cell in enumerate(netlist.cells):
        for port, bits in cell.outputs.items():
            for pos, b in enumerate(bits):
                if type(b) is int:
                    if b in driver:
                        extra_drivers.setdefault(b, []).append((ci, port, pos))
                    else:
                        driver[b] = (ci, port, pos)
    return driver, extra_drivers


def root_cells(netlist: Netlist, drop_prints: bool, drop_assertions: bool,
               submodules: frozenset[str] = frozenset()) -> dict[int, str]:
    """Observed cells by index, with why each is observed. An instance of one of `submodules`
    (walked into by the hierarchical cone) is not observed as a blackbox is."""
    labels = {}
    for ci, cell in enumerate(netlist.cells):
        label = None if cell.type in submodules else _is_root_cell(cell, drop_prints, drop_assertions)
        if label:
            labels[ci] = label
    return labels


def mark_root_cells(walk: _Walk, root_labels: dict[int, str]) -> None:
    for ci in root_labels:
        walk.cell_reason[ci] = OBSERVED
        for bits in walk.cells[ci].inputs.values():
            walk.mark(bits, ci)


def compute_cone(netlist: Netlist, drop_prints: bool = False, drop_assertions: bool = False) -> Cone:
    walk = _Walk(netlist)
    driver, extra_drivers = drivers(netlist)
    root_labels = root_cells(netlist, drop_prints, drop_assertions)
    mark_root_cells(walk, root_labels)
    for name in observed_wires(netlist):
        bits = netlist.ports[name][1] if name in netlist.ports else netlist.netnames[name][1]
        walk.mark(bits, OBSERVED)

    stack = walk.stack
    while stack:
        b = stack.pop()
        d = driver.get(b)
        if d is None:
            continue
        walk.visit(d[0], d[1], d[2], b)
        for extra in extra_drivers.get(b, ()):
            walk.visit(extra[0], extra[1], extra[2], b)

    return Cone(netlist, walk.needed, walk.bit_reason, walk.cell_reason, root_labels,
                walk.memory_read_ports, walk.memory_columns)
