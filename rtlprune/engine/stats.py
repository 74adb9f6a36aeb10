"""Size figures of a module: cells by type, flip-flop bits, memory bits."""

from __future__ import annotations

from collections import Counter

from pyosys import libyosys as ys

from rtlprune.protocol import Figures
from yosys_passes.cells import storage_bits
from yosys_passes.pyosys_util import plain


def module_stats(module: ys.Module) -> Figures:
    by_type: Counter[str] = Counter()
    ff_bits = memory_bits = 0
    for cell in module.cells_.values():
        by_type[cell.type.str()] += 1
        ff, mem = storage_bits(cell)
        ff_bits += ff
        memory_bits += mem
    return Figures(sum(by_type.values()), ff_bits, memory_bits, dict(sorted(by_type.items())))


def storage_names(module: ys.Module) -> dict[str, int]:
    """The registers (the wires their flip-flops drive) and memories of a module, with their bits."""
    names: dict[str, int] = {}
    for cell in module.cells_.values():
        ff, mem = storage_bits(cell)
        if mem:
            memid = cell.getParam(ys.IdString("\\MEMID")).decode_string()
            names[memid[1:] if memid.startswith("\\") else memid] = mem
        elif ff:
            for bit in cell.getPort(ys.IdString("\\Q")).to_sigbit_vector():
                if bit.wire is not None:
                    name = plain(bit.wire.name)
                    names[name] = names.get(name, 0) + 1
    return names
