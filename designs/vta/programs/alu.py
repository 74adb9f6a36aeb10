"""ALU-only programs on accumulator tensors loaded from DRAM: ReLU/requantisation and residual add."""

from __future__ import annotations

import numpy as np

from .. import isa
from ..config import VTAConfig
from .common import Builder, Program, Tokens, alu_tile, ref_alu, split, to_int8


def alu_program(cfg: VTAConfig, n: int, ops, residual: bool, seed: int = 0, name: str = "alu",
                value_range: int = 1 << 16) -> Program:
    """n accumulator vectors X (and Y if residual) from DRAM; X = ops(X [+ Y]) tile by tile;
    the low bytes are stored. Tiles use one half of the acc buffer each (a quarter for X and a
    quarter for Y when residual)."""
    bo = cfg.block_out
    rng = np.random.default_rng(seed)
    X = rng.integers(-value_range, value_range, size=(n, bo), dtype=np.int64).astype(np.int32)
    Y = rng.integers(-value_range, value_range, size=(n, bo), dtype=np.int64).astype(np.int32)
    half = cfg.acc_depth // 2
    tile = split(n, min(half // 2 if residual else half, 2047))
    T = n // tile
    b = Builder(cfg)
    tok = Tokens(steps=0, tiles=T)
    all_ops = ([(isa.AluOp.ADD, None)] if residual else []) + list(ops)
    assert residual or all(imm is not None for _, imm in ops), "tensor operands need residual=True"
    for t in range(T):
        x0 = (t % 2) * half
        y0 = x0 + half // 2
        computes = [b.emit(isa.Load(mem_type=isa.MemType.ACC, sram_base=x0, dram_base=t * tile,
                                    y_size=1, x_size=tile, x_stride=tile))]
        if residual:
            computes.append(b.emit(isa.Load(mem_type=isa.MemType.ACC, sram_base=y0, dram_base=n + t * tile,
                                            y_size=1, x_size=tile, x_stride=tile)))
        computes += alu_tile(b, all_ops, x0, 1, tile, 0, 1, src=y0)
        tok.computes(computes, t)
        st = b.emit(isa.Store(sram_base=x0, dram_base=t * tile, y_size=1, x_size=tile, x_stride=tile))
        tok.stores([st], t)
    tok.finish(b.emit(isa.Finish()))

    ref = ref_alu(X, all_ops, other=Y)
    acc = np.concatenate([X, Y]) if residual else X
    return Program(cfg, name, b.finish(), b.uops, np.zeros((0, cfg.block_in), np.int8),
                   np.zeros((0, bo, cfg.block_in), np.int8), acc, to_int8(ref),
                   meta={"n": n, "residual": residual, "ops": [(int(o), i) for o, i in ops]})
