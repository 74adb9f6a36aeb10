"""Bit-precise sequential cone of influence.

Starting from the observed bits (output ports, kept signals, inputs of side-effect and
blackbox cells), walk backwards through cells, registers and memories, one bit at a time,
using the dependence models of `cell_models`. A register whose bit 0 is control keeps only
bit 0; a memory keeps only the data columns that an observed bit can read.
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass

from rtlprune import cell_models as cm
from rtlprune.netlist import Cell, Netlist

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
    kind = cm.side_effect_kind(cell.type, cell.params.get("FORMAT", ""))
    if kind == "finish":
        return "simulation task ($finish/$stop)"
    if kind == "print":
        return None if drop_prints else "print side effect"
    if kind == "assertion":
        return None if drop_assertions else "assertion"
    if cm.is_blackbox_type(cell.type):
        return f"blackbox instance of '{cell.type.lstrip(chr(92))}'"
    if cell.attrs.get("keep") not in (None, "0", "00000000000000000000000000000000"):
        return "cell with a keep attribute"
    return None


def observed_wires(netlist: Netlist) -> list[str]:
    """Output ports and wires marked rtlprune_keep: the observed signals."""
    names = [n for n, (d, _b) in netlist.ports.items() if d == "output"]
    names += [n for n, (_h, _b, a) in netlist.netnames.items() if "rtlprune_keep" in a and n not in names]
    return names


def compute_cone(netlist: Netlist, drop_prints: bool = False, drop_assertions: bool = False) -> Cone:
    cells = netlist.cells
    size = netlist.max_bit + 1
    needed = bytearray(size)
    bit_reason = array("i", [-2]) * size
    cell_reason = array("i", [-2]) * len(cells)
    driver: dict[int, tuple[int, str, int]] = {}
    extra_drivers: dict[int, list[tuple[int, str, int]]] = {}
    for ci, cell in enumerate(cells):
        for port, bits in cell.outputs.items():
            for pos, b in enumerate(bits):
                if type(b) is int:
                    if b in driver:
                        extra_drivers.setdefault(b, []).append((ci, port, pos))
                    else:
                        driver[b] = (ci, port, pos)

    stack: list[int] = []

    def mark(bits, reader: int) -> None:
        for b in bits:
            if type(b) is int and not needed[b]:
                needed[b] = 1
                bit_reason[b] = reader
                stack.append(b)

    def mark_all_inputs(ci: int) -> None:
        for bits in cells[ci].inputs.values():
            mark(bits, ci)

    root_labels: dict[int, str] = {}
    for ci, cell in enumerate(cells):
        label = _is_root_cell(cell, drop_prints, drop_assertions)
        if label:
            root_labels[ci] = label
            cell_reason[ci] = OBSERVED
            mark_all_inputs(ci)
    for name in observed_wires(netlist):
        bits = netlist.ports[name][1] if name in netlist.ports else netlist.netnames[name][1]
        mark(bits, OBSERVED)

    prefix_done: dict[int, int] = {}
    memory_columns: dict[int, set[int]] = {}
    memory_read_ports: dict[int, set[int]] = {}
    once: set[tuple[int, str]] = set()

    def mark_once(ci: int, ports) -> None:
        cell = cells[ci]
        for p in ports:
            if (ci, p) not in once and p in cell.inputs:
                once.add((ci, p))
                mark(cell.inputs[p], ci)

    def visit(ci: int, port: str, pos: int, bit: int) -> None:
        cell = cells[ci]
        t = cell.type
        if cell_reason[ci] == -2:
            cell_reason[ci] = bit
        ins = cell.inputs
        if t in cm.FLIP_FLOPS:
            for p in cm.FF_BIT_PORTS:
                if p in ins:
                    mark((ins[p][pos],), ci)
            mark_once(ci, [p for p in ins if p not in cm.FF_BIT_PORTS])
        elif t in cm.BITWISE:
            signed = cell.int_param("A_SIGNED") and (t in ("$not", "$pos", "$buf") or cell.int_param("B_SIGNED"))
            for p in cm.bitwise_ports(t):
                sig = ins[p]
                if pos < len(sig):
                    mark((sig[pos],), ci)
                elif signed and sig:
                    mark((sig[-1],), ci)
        elif t in cm.MUX:
            width = len(ins["A"])
            mark((ins["A"][pos],), ci)
            mark(ins["B"][pos::width], ci)
            mark_once(ci, ("S",))
        elif t in cm.PREFIX:
            done = prefix_done.get(ci, -1)
            if pos > done:
                prefix_done[ci] = pos
                for p in ("A", "B"):
                    if p in ins:
                        mark(ins[p][done + 1 : pos + 1], ci)
        elif t in cm.MEMORIES and port == "RD_DATA":
            visit_memory_read(ci, pos)
        elif (ci, "*") not in once:
            once.add((ci, "*"))
            mark_all_inputs(ci)

    def visit_memory_read(ci: int, pos: int) -> None:
        cell = cells[ci]
        ins = cell.inputs
        width = cell.int_param("WIDTH")
        abits = cell.int_param("ABITS")
        column, rd_port = pos % width, pos // width
        ports = memory_read_ports.setdefault(ci, set())
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
                mark(ins["RD_ADDR"][p * abits : (p + 1) * abits], ci)
                for ctl in ("RD_EN", "RD_CLK", "RD_ARST", "RD_SRST"):
                    if ctl in ins:
                        mark((ins[ctl][p],), ci)
        columns = memory_columns.setdefault(ci, set())
        if column not in columns:
            columns.add(column)
            mark(ins.get("WR_DATA", [])[column::width], ci)
            mark(ins.get("WR_EN", [])[column::width], ci)
            mark_once(ci, ("WR_ADDR", "WR_CLK"))

    while stack:
        b = stack.pop()
        d = driver.get(b)
        if d is None:
            continue
        visit(d[0], d[1], d[2], b)
        for extra in extra_drivers.get(b, ()):
            visit(extra[0], extra[1], extra[2], b)

    return Cone(netlist, needed, bit_reason, cell_reason, root_labels, memory_read_ports, memory_columns)
