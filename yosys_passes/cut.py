"""Narrow a module to the bits its cone needs.

Cells that no observed bit needs are removed. Cells with a bit-sliceable model
(bitwise, mux, flip-flop, add/sub/mul/neg, memory) keep only their needed bit positions: the
inputs at the other positions are no longer read, so the logic feeding them dies. Cells
of other types keep all their bits; their inputs are all needed anyway.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pyosys import libyosys as ys

from rtlprune import cell_models as cm
from rtlprune.cone import Cone
from yosys_passes.pyosys_util import ident, param_int, select_const, select_sig, set_param_int


@dataclass
class CutSummary:
    removed_cells: int = 0
    narrowed_cells: int = 0
    removed_ff_bits: int = 0
    removed_memory_columns: int = 0
    removed_read_ports: int = 0
    narrowed: list[str] = field(default_factory=list)


def _slice_ports(cell: ys.Cell, ports, keep: list[int]) -> None:
    for p in ports:
        pid = ident(p)
        if cell.hasPort(pid):
            cell.setPort(pid, select_sig(cell.getPort(pid), keep))


def _narrow_ff(cell: ys.Cell, keep: list[int]) -> None:
    _slice_ports(cell, ("Q", *cm.FF_BIT_PORTS), keep)
    for p in cm.FF_BIT_PARAMS:
        if cell.hasParam(ident(p)):
            cell.setParam(ident(p), select_const(cell.getParam(ident(p)), keep))
    set_param_int(cell, "WIDTH", len(keep))


def _narrow_bitwise(cell: ys.Cell, t: str, keep: list[int]) -> bool:
    ports = cm.bitwise_ports(t)
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


def _narrow_mux(cell: ys.Cell, t: str, keep: list[int]) -> None:
    width = param_int(cell, "WIDTH")
    _slice_ports(cell, ("A", "Y"), keep)
    cases = cell.getPort(ident("B")).size() // width
    _slice_ports(cell, ("B",), [k * width + i for k in range(cases) for i in keep])
    set_param_int(cell, "WIDTH", len(keep))


def _narrow_prefix(cell: ys.Cell, top: int) -> None:
    """Keep Y[0..top]; inputs wider than that are truncated (low bits do not change)."""
    keep = list(range(top + 1))
    _slice_ports(cell, ("Y",), keep)
    set_param_int(cell, "Y_WIDTH", top + 1)
    for p in ("A", "B"):
        if cell.hasPort(ident(p)) and cell.getPort(ident(p)).size() > top + 1:
            _slice_ports(cell, (p,), keep)
            set_param_int(cell, f"{p}_WIDTH", top + 1)


_RD_PORT_BITS = ("RD_WIDE_CONTINUATION", "RD_CLK_ENABLE", "RD_CLK_POLARITY", "RD_CE_OVER_SRST")
_RD_PORT_WORDS = ("RD_INIT_VALUE", "RD_ARST_VALUE", "RD_SRST_VALUE")


def _narrow_memory(cell: ys.Cell, read_ports: list[int], columns: list[int], summary: CutSummary) -> None:
    width, size = param_int(cell, "WIDTH"), param_int(cell, "SIZE")
    abits = param_int(cell, "ABITS")
    n_rd, n_wr = param_int(cell, "RD_PORTS"), param_int(cell, "WR_PORTS")
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
                cell.setParam(ident(p), select_const(cell.getParam(ident(p)), [r * width + c for r in range(n_rd) for c in columns]))
        init = cell.getParam(ident("INIT"))
        if init.is_fully_undef():
            cell.setParam(ident("INIT"), ys.Const.from_string("x" * (size * len(columns))))
        else:
            cell.setParam(ident("INIT"), select_const(init, [w * width + c for w in range(size) for c in columns]))
        set_param_int(cell, "WIDTH", len(columns))


def apply_cut(module: ys.Module, cone: Cone) -> CutSummary:
    summary = CutSummary()
    for index, info in enumerate(cone.netlist.cells):
        cell = module.cell(ident(info.name))
        if cell is None:
            continue
        if not cone.cell_needed(index):
            module.remove(cell)
            summary.removed_cells += 1
            continue
        if index in cone.root_labels:
            continue
        t = info.type
        if t in cm.MEMORIES:
            read_ports = sorted(cone.memory_read_ports.get(index, ()))
            columns = sorted(cone.memory_columns.get(index, ()))
            width, n_rd = param_int(cell, "WIDTH"), param_int(cell, "RD_PORTS")
            if len(read_ports) < n_rd or len(columns) < width:
                _narrow_memory(cell, read_ports, columns, summary)
                summary.narrowed_cells += 1
                summary.narrowed.append(info.name)
            continue
        out_port = "Q" if t in cm.FLIP_FLOPS else "Y"
        bits = info.outputs.get(out_port)
        if bits is None:
            continue
        keep = cone.needed_positions(bits)
        if len(keep) == len(bits):
            continue
        if t in cm.FLIP_FLOPS:
            _narrow_ff(cell, keep)
            summary.removed_ff_bits += len(bits) - len(keep)
        elif t in cm.MUX:
            _narrow_mux(cell, t, keep)
        elif t in cm.PREFIX:
            if keep[-1] == len(bits) - 1:
                continue
            _narrow_prefix(cell, keep[-1])
        elif t in cm.BITWISE:
            if not _narrow_bitwise(cell, t, keep):
                continue
        else:
            continue
        summary.narrowed_cells += 1
        summary.narrowed.append(info.name)
    return summary
