"""2D convolution (stride 1, square kernel, zero padding) lowered VTA style.

Layouts (buffer elements): inp (IC/bi, H, W) vectors, wgt (OC/bo, IC/bi, KH, KW) matrices,
out (OC/bo, H, W) vectors. Output tiles are `th` rows of all W columns for `toc` output-channel
blocks; each tile accumulates over input-channel tiles of `tic` blocks (one k-step each). A
k-step loads, per input-channel block, th + 2*pad rows with VTA's 2D load, the zero border
coming from the load's x/y padding (rows outside the image become y padding). One GEMM per step:
iter_out = rows, iter_in = columns, uops over (oc block, ic block, kh, kw)."""

from __future__ import annotations

import numpy as np

from .. import isa
from ..config import VTAConfig
from .common import Builder, Program, Tokens, alu_tile, ref_alu, to_int8, wrap32


def choose_tiles(cfg: VTAConfig, H, W, icb, ocb, k, pad):
    inp_half, wgt_half, acc_half = cfg.inp_depth // 2, cfg.wgt_depth // 2, cfg.acc_depth // 2
    Wp = W + 2 * pad
    best = None
    for th in (d for d in range(1, H + 1) if H % d == 0):
        for toc in (d for d in range(1, ocb + 1) if ocb % d == 0):
            if toc * th * W > acc_half:
                continue
            for tic in (d for d in range(1, icb + 1) if icb % d == 0):
                if tic * (th + 2 * pad) * Wp > inp_half or toc * tic * k * k > wgt_half:
                    continue
                # prefer big output tiles, then big input-channel tiles
                key = (toc * th, tic)
                if best is None or key > best[0]:
                    best = (key, (th, tic, toc))
    assert best, "layer does not fit the buffers"
    return best[1]


def conv2d(cfg: VTAConfig, H: int, W: int, IC: int, OC: int, k: int = 3, pad: int = 1, ops=(),
           seed: int = 0, name: str = "conv2d", tiles=None) -> Program:
    bi, bo = cfg.block_in, cfg.block_out
    assert IC % bi == 0 and OC % bo == 0 and k - 1 == 2 * pad
    icb, ocb = IC // bi, OC // bo
    rng = np.random.default_rng(seed)
    x = rng.integers(-128, 128, size=(IC, H, W), dtype=np.int64).astype(np.int8)
    w = rng.integers(-128, 128, size=(OC, IC, k, k), dtype=np.int64).astype(np.int8)
    th, tic, toc = tiles or choose_tiles(cfg, H, W, icb, ocb, k, pad)
    inp_half, wgt_half, acc_half = cfg.inp_depth // 2, cfg.wgt_depth // 2, cfg.acc_depth // 2
    Wp, Hp = W + 2 * pad, th + 2 * pad

    b = Builder(cfg)
    row_tiles, oc_tiles, ic_tiles = H // th, ocb // toc, icb // tic
    tok = Tokens(steps=row_tiles * oc_tiles * ic_tiles, tiles=row_tiles * oc_tiles)
    s = t = 0
    for rt in range(row_tiles):
        r0 = rt * th
        for ot in range(oc_tiles):
            acc0 = (t % 2) * acc_half
            rb, re_ = b.uop_seq([isa.Uop(dst=acc0)])
            computes = [b.emit(isa.Gemm(reset=1, uop_bgn=rb, uop_end=re_, iter_out=toc * th, iter_in=W,
                                        dst_factor_out=W, dst_factor_in=1))]
            for it in range(ic_tiles):
                inp0, wgt0 = (s % 2) * inp_half, (s % 2) * wgt_half
                loads = []
                lo, hi = r0 - pad, r0 + th + pad          # input rows needed, [lo, hi)
                ypad0, ypad1 = max(0, -lo), max(0, hi - H)
                for icl in range(tic):
                    c = it * tic + icl
                    loads.append(b.emit(isa.Load(
                        mem_type=isa.MemType.INP, sram_base=inp0 + icl * Hp * Wp,
                        dram_base=c * H * W + max(lo, 0) * W, y_size=min(hi, H) - max(lo, 0),
                        x_size=W, x_stride=W, y_pad_0=ypad0, y_pad_1=ypad1, x_pad_0=pad, x_pad_1=pad)))
                loads.append(b.emit(isa.Load(
                    mem_type=isa.MemType.WGT, sram_base=wgt0,
                    dram_base=(ot * toc * icb + it * tic) * k * k, y_size=toc, x_size=tic * k * k,
                    x_stride=icb * k * k)))
                tok.loads(loads, s)
                uops = [isa.Uop(dst=acc0 + ocl * th * W, src=inp0 + icl * Hp * Wp + kh * Wp + kw,
                                wgt=wgt0 + (ocl * tic + icl) * k * k + kh * k + kw)
                        for ocl in range(toc) for icl in range(tic) for kh in range(k) for kw in range(k)]
                gb, ge = b.uop_seq(uops)
                g = b.emit(isa.Gemm(uop_bgn=gb, uop_end=ge, iter_out=th, iter_in=W,
                                    dst_factor_out=W, dst_factor_in=1, src_factor_out=Wp, src_factor_in=1))
                tok.gemm(g, s)
                computes.append(g)
                s += 1
            computes += alu_tile(b, ops, acc0, toc * th, W, W, 1)
            tok.computes(computes, t)
            stores = [b.emit(isa.Store(sram_base=acc0 + ocl * th * W,
                                       dram_base=(ot * toc + ocl) * H * W + r0 * W,
                                       y_size=1, x_size=th * W, x_stride=th * W)) for ocl in range(toc)]
            tok.stores(stores, t)
            t += 1
    tok.finish(b.emit(isa.Finish()))

    xp = np.pad(x.astype(np.int64), ((0, 0), (pad, pad), (pad, pad)))
    y = np.zeros((OC, H, W), np.int64)
    for kh in range(k):
        for kw in range(k):
            y += np.einsum("oi,ihw->ohw", w[:, :, kh, kw].astype(np.int64), xp[:, kh:kh + H, kw:kw + W])
    y = ref_alu(wrap32(y), ops)
    inp = x.reshape(icb, bi, H, W).transpose(0, 2, 3, 1).reshape(icb * H * W, bi)
    wgt = w.reshape(ocb, bo, icb, bi, k, k).transpose(0, 2, 4, 5, 1, 3).reshape(ocb * icb * k * k, bo, bi)
    expected = to_int8(y).reshape(ocb, bo, H, W).transpose(0, 2, 3, 1).reshape(ocb * H * W, bo)
    return Program(cfg, name, b.finish(), b.uops, inp, wgt, np.zeros((0, bo), np.int32), expected,
                   meta={"H": H, "W": W, "IC": IC, "OC": OC, "k": k, "pad": pad, "tiles": (th, tic, toc),
                         "ops": [(int(o), i) for o, i in ops]})
