"""Tiled int8 matrix multiply C = A @ B with optional requantisation ALU ops (SHR / MAX / MIN).

DRAM layouts (in buffer elements): inp = A blocked (M, K/bi) vectors, wgt = B^T blocked
(N/bo, K/bi) matrices [o][i], out = C blocked (M, N/bo) vectors (row-major C). On chip each
output tile (tm rows x tn blocks) lives in one half of the acc/out buffers and each k-step's
inp/wgt tiles in one half of the inp/wgt buffers (double buffering, see Tokens)."""

from __future__ import annotations

import numpy as np

from .. import isa
from ..config import VTAConfig
from .common import Builder, Program, Tokens, alu_tile, ref_alu, split, to_int8, wrap32


def choose_tiles(cfg: VTAConfig, M: int, kb: int, nb: int):
    inp_half, wgt_half, acc_half = cfg.inp_depth // 2, cfg.wgt_depth // 2, cfg.acc_depth // 2
    tk = split(kb, min(wgt_half, inp_half))
    tn = split(nb, min(wgt_half // tk, acc_half, 2047))
    tm = split(M, min(inp_half // tk, acc_half // tn))
    return tm, tk, tn


def matmul(cfg: VTAConfig, M: int, K: int, N: int, ops=(), seed: int = 0, name: str = "matmul",
           tiles=None) -> Program:
    bi, bo = cfg.block_in, cfg.block_out
    assert K % bi == 0 and N % bo == 0
    kb, nb = K // bi, N // bo
    rng = np.random.default_rng(seed)
    A = rng.integers(-128, 128, size=(M, K), dtype=np.int64).astype(np.int8)
    B = rng.integers(-128, 128, size=(K, N), dtype=np.int64).astype(np.int8)
    tm, tk, tn = tiles or choose_tiles(cfg, M, kb, nb)
    inp_half, wgt_half, acc_half = cfg.inp_depth // 2, cfg.wgt_depth // 2, cfg.acc_depth // 2

    b = Builder(cfg)
    m_tiles, n_tiles, k_tiles = M // tm, nb // tn, kb // tk
    tok = Tokens(steps=m_tiles * n_tiles * k_tiles, tiles=m_tiles * n_tiles)
    s = t = 0
    for mt in range(m_tiles):
        for nt in range(n_tiles):
            acc0 = (t % 2) * acc_half
            computes = []
            rbgn, rend = b.uop_seq([isa.Uop(dst=acc0)])
            computes.append(b.emit(isa.Gemm(reset=1, uop_bgn=rbgn, uop_end=rend, iter_out=tm, iter_in=tn,
                                            dst_factor_out=tn, dst_factor_in=1)))
            for kt in range(k_tiles):
                inp0, wgt0 = (s % 2) * inp_half, (s % 2) * wgt_half
                loads = [
                    b.emit(isa.Load(mem_type=isa.MemType.INP, sram_base=inp0,
                                    dram_base=mt * tm * kb + kt * tk, y_size=tm, x_size=tk, x_stride=kb)),
                    b.emit(isa.Load(mem_type=isa.MemType.WGT, sram_base=wgt0,
                                    dram_base=nt * tn * kb + kt * tk, y_size=tn, x_size=tk, x_stride=kb)),
                ]
                tok.loads(loads, s)
                gb, ge = b.uop_seq([isa.Uop(dst=acc0, src=inp0 + k, wgt=wgt0 + k) for k in range(tk)])
                g = b.emit(isa.Gemm(uop_bgn=gb, uop_end=ge, iter_out=tm, iter_in=tn,
                                    dst_factor_out=tn, dst_factor_in=1, src_factor_out=tk, src_factor_in=0,
                                    wgt_factor_out=0, wgt_factor_in=tk))
                tok.gemm(g, s)
                computes.append(g)
                s += 1
            computes += alu_tile(b, ops, acc0, tm, tn, tn, 1)
            tok.computes(computes, t)
            st = b.emit(isa.Store(sram_base=acc0, dram_base=mt * tm * nb + nt * tn, y_size=tm, x_size=tn,
                                  x_stride=nb))
            tok.stores([st], t)
            t += 1
    fin = b.emit(isa.Finish())
    tok.finish(fin)

    C = wrap32(A.astype(np.int64) @ B.astype(np.int64))
    C = ref_alu(C, ops)
    inp = A.reshape(M * kb, bi)
    wgt = B.T.reshape(nb, bo, kb, bi).transpose(0, 2, 1, 3).reshape(nb * kb, bo, bi)
    expected = to_int8(C).reshape(M * nb, bo)
    return Program(cfg, name, b.finish(), b.uops, inp, wgt, np.zeros((0, bo), np.int32), expected,
                   meta={"M": M, "K": K, "N": N, "tiles": (tm, tk, tn), "ops": [(int(o), i) for o, i in ops]})
