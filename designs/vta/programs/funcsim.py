"""Instruction-level functional model of VTA in NumPy, for checking builders without RTL.

Stages run as in hardware (fetch order into three queues, token queues between them), stepping
whichever stage can proceed; a program whose tokens do not balance raises Deadlock."""

from __future__ import annotations

from collections import deque

import numpy as np

from .. import isa
from .common import Program


class Deadlock(RuntimeError):
    pass


def run(prog: Program) -> np.ndarray:
    cfg = prog.cfg
    bi, bo = cfg.block_in, cfg.block_out
    dram_uop = list(prog.uops)
    uop = [isa.Uop()] * cfg.uop_depth
    inp = np.zeros((cfg.inp_depth, bi), np.int64)
    wgt = np.zeros((cfg.wgt_depth, bo, bi), np.int64)
    acc = np.zeros((cfg.acc_depth, bo), np.int64)
    out = np.zeros((cfg.out_depth, bo), np.int64)
    dram_out = np.zeros(prog.expected.shape, np.int64)
    src = {isa.MemType.INP: (prog.inp, inp), isa.MemType.WGT: (prog.wgt, wgt), isa.MemType.ACC: (prog.acc, acc)}

    def load(i):
        if i.mem_type == isa.MemType.UOP:
            for k in range(i.x_size):
                uop[i.sram_base + k] = dram_uop[i.dram_base + k]
            return
        dram, buf = src[isa.MemType(i.mem_type)]
        xt = i.x_pad_0 + i.x_size + i.x_pad_1
        idx = i.sram_base
        for y in range(i.y_pad_0 + i.y_size + i.y_pad_1):
            for x in range(xt):
                yy, xx = y - i.y_pad_0, x - i.x_pad_0
                if 0 <= yy < i.y_size and 0 <= xx < i.x_size:
                    buf[idx] = dram[i.dram_base + yy * i.x_stride + xx]
                else:
                    buf[idx] = 0
                idx += 1

    def store(i):
        for y in range(i.y_size):
            for x in range(i.x_size):
                dram_out[i.dram_base + y * i.x_stride + x] = out[i.sram_base + y * i.x_size + x]

    def loops(i):
        for a in range(i.iter_out):
            for b in range(i.iter_in):
                for u in range(i.uop_bgn, i.uop_end):
                    yield a, b, uop[u]

    def wrap(x):
        return (x + (1 << 31)) % (1 << 32) - (1 << 31)

    def gemm(i):
        for a, b, u in loops(i):
            d = (i.dst_factor_out * a + i.dst_factor_in * b + u.dst) % cfg.acc_depth
            if i.reset:
                acc[d] = 0
            else:
                s = (i.src_factor_out * a + i.src_factor_in * b + u.src) % cfg.inp_depth
                w = (i.wgt_factor_out * a + i.wgt_factor_in * b + u.wgt) % cfg.wgt_depth
                acc[d] = wrap(acc[d] + wgt[w] @ inp[s])
            out[d] = acc[d]

    def alu(i):
        for a, b, u in loops(i):
            d = (i.dst_factor_out * a + i.dst_factor_in * b + u.dst) % cfg.acc_depth
            s = (i.src_factor_out * a + i.src_factor_in * b + u.src) % cfg.acc_depth
            x = acc[d]
            y = np.full(bo, i.imm) if i.use_imm else acc[s]
            if i.alu_op == isa.AluOp.MIN:
                r = np.minimum(x, y)
            elif i.alu_op == isa.AluOp.MAX:
                r = np.maximum(x, y)
            elif i.alu_op == isa.AluOp.ADD:
                r = x + y
            else:
                amt = ((y & 63) ^ 32) - 32
                r = np.where(amt >= 0, x >> np.maximum(amt, 0), x << np.maximum(-amt, 0))
            acc[d] = wrap(r)
            out[d] = acc[d]

    queues = {"ld": deque(), "cmp": deque(), "st": deque()}
    for i in prog.insns:
        if i.opcode == isa.Opcode.STORE:
            queues["st"].append(i)
        elif i.opcode == isa.Opcode.LOAD and i.mem_type in (isa.MemType.INP, isa.MemType.WGT):
            queues["ld"].append(i)
        else:
            queues["cmp"].append(i)
    tokens = {"l2g": 0, "g2l": 0, "g2s": 0, "s2g": 0}
    pops = {"ld": (None, "g2l"), "cmp": ("l2g", "s2g"), "st": ("g2s", None)}
    pushes = {"ld": (None, "l2g"), "cmp": ("g2l", "g2s"), "st": ("s2g", None)}
    finished = False
    while any(queues.values()):
        progress = False
        for st, q in queues.items():
            while q:
                i = q[0]
                need = [pops[st][0] if i.pop_prev else None, pops[st][1] if i.pop_next else None]
                if any(n is not None and tokens[n] == 0 for n in need):
                    break
                for n in need:
                    if n is not None:
                        tokens[n] -= 1
                q.popleft()
                if i.opcode == isa.Opcode.LOAD:
                    load(i)
                elif i.opcode == isa.Opcode.STORE:
                    store(i)
                elif i.opcode == isa.Opcode.GEMM:
                    gemm(i)
                elif i.opcode == isa.Opcode.ALU:
                    alu(i)
                elif i.opcode == isa.Opcode.FINISH:
                    finished = True
                for n, f in zip(pushes[st], (i.push_prev, i.push_next)):
                    if f:
                        assert n is not None, f"{st} cannot push that token"
                        tokens[n] += 1
                progress = True
        if not progress:
            raise Deadlock(f"no stage can proceed; tokens {tokens}")
    assert finished, "program has no FINISH"
    return (dram_out & 0xFF).astype(np.uint8).view(np.int8)
