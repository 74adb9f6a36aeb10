"""Size figures of a module: cells by type, flip-flop bits, memory bits."""

from __future__ import annotations

from collections import Counter

from pyosys import libyosys as ys

from rtlprune import cell_models as cm

_WIDTH = ys.IdString("\\WIDTH")
_SIZE = ys.IdString("\\SIZE")


def module_stats(module: ys.Module) -> dict:
    by_type: Counter[str] = Counter()
    ff_bits = memory_bits = 0
    for cell in module.cells_.values():
        t = cell.type.str()
        by_type[t] += 1
        if t in cm.FLIP_FLOPS:
            ff_bits += cell.getParam(_WIDTH).as_int()
        elif t in cm.MEMORIES:
            memory_bits += cell.getParam(_WIDTH).as_int() * cell.getParam(_SIZE).as_int()
    return {
        "cells": sum(by_type.values()),
        "ff_bits": ff_bits,
        "memory_bits": memory_bits,
        "cells_by_type": dict(sorted(by_type.items())),
    }
