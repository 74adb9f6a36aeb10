"""VTA instruction set: 128-bit instructions and 32-bit micro-ops (the bit layout of VTA's ISA, field by field below).

Every instruction is a dataclass; `encode()` gives the 128-bit integer, `decode()` the reverse.
In DRAM an instruction is two little-endian 64-bit words (word 0 = bits 63:0).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, fields


class Opcode(enum.IntEnum):
    LOAD = 0
    STORE = 1
    GEMM = 2
    FINISH = 3
    ALU = 4


class MemType(enum.IntEnum):
    UOP = 0
    WGT = 1
    INP = 2
    ACC = 3
    OUT = 4


class AluOp(enum.IntEnum):
    MIN = 0
    MAX = 1
    ADD = 2
    SHR = 3


# (name, lsb, width) of each field, bit positions within the 128-bit instruction
COMMON = [("opcode", 0, 3), ("pop_prev", 3, 1), ("pop_next", 4, 1), ("push_prev", 5, 1), ("push_next", 6, 1)]
MEM_FIELDS = COMMON + [
    ("mem_type", 7, 3), ("sram_base", 10, 16), ("dram_base", 26, 32),
    ("y_size", 64 + 0, 16), ("x_size", 64 + 16, 16), ("x_stride", 64 + 32, 16),
    ("y_pad_0", 64 + 48, 4), ("y_pad_1", 64 + 52, 4), ("x_pad_0", 64 + 56, 4), ("x_pad_1", 64 + 60, 4),
]
LOOP_FIELDS = COMMON + [
    ("reset", 7, 1), ("uop_bgn", 8, 13), ("uop_end", 21, 14), ("iter_out", 35, 14), ("iter_in", 49, 14),
    ("dst_factor_out", 64 + 0, 11), ("dst_factor_in", 64 + 11, 11),
    ("src_factor_out", 64 + 22, 11), ("src_factor_in", 64 + 33, 11),
]
GEMM_FIELDS = LOOP_FIELDS + [("wgt_factor_out", 64 + 44, 10), ("wgt_factor_in", 64 + 54, 10)]
ALU_FIELDS = LOOP_FIELDS + [("alu_op", 64 + 44, 3), ("use_imm", 64 + 47, 1), ("imm", 64 + 48, 16)]
UOP_FIELDS = [("dst", 0, 11), ("src", 11, 11), ("wgt", 22, 10)]
SIGNED = {"imm"}


def _pack(values: dict, layout) -> int:
    word = 0
    for name, lsb, width in layout:
        v = int(values[name])
        if name in SIGNED:
            if not -(1 << (width - 1)) <= v < (1 << (width - 1)):
                raise ValueError(f"{name}={v} does not fit a signed {width}-bit field")
            v &= (1 << width) - 1
        elif not 0 <= v < (1 << width):
            raise ValueError(f"{name}={v} does not fit an unsigned {width}-bit field")
        word |= v << lsb
    return word


def _unpack(word: int, layout) -> dict:
    out = {}
    for name, lsb, width in layout:
        v = (word >> lsb) & ((1 << width) - 1)
        if name in SIGNED and v >> (width - 1):
            v -= 1 << width
        out[name] = v
    return out


@dataclass
class Deps:
    pop_prev: int = 0
    pop_next: int = 0
    push_prev: int = 0
    push_next: int = 0


@dataclass
class Mem(Deps):
    """LOAD or STORE: 2D strided copy between DRAM and an on-chip buffer."""
    opcode: int = Opcode.LOAD
    mem_type: int = MemType.INP
    sram_base: int = 0
    dram_base: int = 0
    y_size: int = 1
    x_size: int = 1
    x_stride: int = 1
    y_pad_0: int = 0
    y_pad_1: int = 0
    x_pad_0: int = 0
    x_pad_1: int = 0
    LAYOUT = MEM_FIELDS


@dataclass
class Gemm(Deps):
    opcode: int = Opcode.GEMM
    reset: int = 0
    uop_bgn: int = 0
    uop_end: int = 1
    iter_out: int = 1
    iter_in: int = 1
    dst_factor_out: int = 0
    dst_factor_in: int = 0
    src_factor_out: int = 0
    src_factor_in: int = 0
    wgt_factor_out: int = 0
    wgt_factor_in: int = 0
    LAYOUT = GEMM_FIELDS


@dataclass
class Alu(Deps):
    opcode: int = Opcode.ALU
    reset: int = 0
    uop_bgn: int = 0
    uop_end: int = 1
    iter_out: int = 1
    iter_in: int = 1
    dst_factor_out: int = 0
    dst_factor_in: int = 0
    src_factor_out: int = 0
    src_factor_in: int = 0
    alu_op: int = AluOp.ADD
    use_imm: int = 0
    imm: int = 0
    LAYOUT = ALU_FIELDS


@dataclass
class Finish(Deps):
    opcode: int = Opcode.FINISH
    LAYOUT = COMMON


Insn = Mem | Gemm | Alu | Finish


def Load(**kw) -> Mem:
    return Mem(opcode=Opcode.LOAD, **kw)


def Store(**kw) -> Mem:
    return Mem(opcode=Opcode.STORE, mem_type=MemType.OUT, **kw)


def encode(insn: Insn) -> int:
    return _pack({f.name: getattr(insn, f.name) for f in fields(insn)}, insn.LAYOUT)


def decode(word: int) -> Insn:
    op = word & 7
    cls = {Opcode.LOAD: Mem, Opcode.STORE: Mem, Opcode.GEMM: Gemm, Opcode.ALU: Alu,
           Opcode.FINISH: Finish}.get(op)
    if cls is None:
        raise ValueError(f"bad opcode {op}")
    return cls(**_unpack(word, cls.LAYOUT))


def to_words(insn: Insn) -> tuple[int, int]:
    w = encode(insn)
    return w & (2**64 - 1), w >> 64


def insn_bytes(insns: list[Insn]) -> bytes:
    return b"".join(encode(i).to_bytes(16, "little") for i in insns)


@dataclass(frozen=True)
class Uop:
    dst: int = 0
    src: int = 0
    wgt: int = 0

    def encode(self) -> int:
        return _pack({"dst": self.dst, "src": self.src, "wgt": self.wgt}, UOP_FIELDS)

    @staticmethod
    def decode(word: int) -> Uop:
        return Uop(**_unpack(word, UOP_FIELDS))


def uop_bytes(uops: list[Uop]) -> bytes:
    return b"".join(u.encode().to_bytes(4, "little") for u in uops)


def disasm(insn: Insn) -> str:
    name = Opcode(insn.opcode).name
    deps = "".join(c for c, f in zip("PpQq", ("pop_prev", "pop_next", "push_prev", "push_next"))
                   if getattr(insn, f))
    body = ", ".join(f"{f.name}={getattr(insn, f.name)}" for f in fields(insn)
                     if f.name not in ("opcode", "pop_prev", "pop_next", "push_prev", "push_next"))
    return f"{name:6s} [{deps:4s}] {body}"
