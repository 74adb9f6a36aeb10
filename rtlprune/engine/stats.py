"""Size figures of a module: cells by type, flip-flop bits, memory bits."""

from __future__ import annotations

from collections import Counter

from pyosys import libyosys as ys

from yosys_passes.cells import storage_bits


def module_stats(module: ys.Module) -> dict:
    by_type: Counter[str] = Counter()
    ff_bits = memory_bits = 0
    for cell in module.cells_.values():
        by_type[cell.type.str()] += 1
        ff, mem = storage_bits(cell)
        ff_bits += ff
        memory_bits += mem
    return {
        "cells": sum(by_type.values()),
        "ff_bits": ff_bits,
        "memory_bits": memory_bits,
        "cells_by_type": dict(sorted(by_type.items())),
    }
