"""Narrow a module to the bits its cone needs.

Cells that no observed bit needs are removed. Cells whose kind can be narrowed (`cells.py`:
bitwise, mux, flip-flop, add/sub/mul/neg, memory) keep only their needed bit positions: the
inputs at the other positions are no longer read, so the logic feeding them dies. Cells of
other kinds keep all their bits; their inputs are all needed anyway.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pyosys import libyosys as ys

from yosys_passes import cells as cs
from yosys_passes.cone import Cone
from yosys_passes.pyosys_util import ident


@dataclass
class CutSummary:
    removed_cells: int = 0
    narrowed_cells: int = 0
    removed_ff_bits: int = 0
    removed_memory_columns: int = 0
    removed_read_ports: int = 0
    narrowed: list[str] = field(default_factory=list)


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
        kind = cs.kind_of(info.type)
        if kind is cs.MEMORY:
            narrowed = kind.narrow_memory(cell, sorted(cone.memory_read_ports.get(index, ())),
                                          sorted(cone.memory_columns.get(index, ())), summary)
        else:
            bits = info.outputs.get(kind.out_port)
            if bits is None:
                continue
            keep = cone.needed_positions(bits)
            narrowed = len(keep) < len(bits) and kind.narrow(cell, info.type, keep, summary)
        if narrowed:
            summary.narrowed_cells += 1
            summary.narrowed.append(info.name)
    return summary
