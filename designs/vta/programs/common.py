"""Program container, DRAM image layout and the token bookkeeping shared by the builders."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .. import isa
from ..config import VTAConfig

MAGIC = 0x56544131      # "VTA1"
HEADER_BYTES = 64
ALIGN = 64


def _align(n: int, a: int = ALIGN) -> int:
    return (n + a - 1) // a * a


@dataclass
class Program:
    """A complete VTA program and its expected result.

    inp: (n, block_in) int8, wgt: (n, block_out, block_in) int8, acc: (n, block_out) int32 -- the
    DRAM contents of each region, in units of that buffer's element. `expected`: (n_out, block_out)
    int8, the whole output region after the run."""
    cfg: VTAConfig
    name: str
    insns: list
    uops: list
    inp: np.ndarray
    wgt: np.ndarray
    acc: np.ndarray
    expected: np.ndarray
    meta: dict = field(default_factory=dict)

    def layout(self) -> dict:
        """Byte addresses of the regions (the values of the base registers) and the image size."""
        regions = [("insn", len(self.insns) * 16), ("uop", len(self.uops) * 4),
                   ("inp", self.inp.nbytes), ("wgt", self.wgt.nbytes), ("acc", self.acc.nbytes),
                   ("out", self.expected.nbytes)]
        addr = HEADER_BYTES
        out = {}
        for name, size in regions:
            out[name] = addr
            addr = _align(addr + max(size, 8))
        out["end"] = addr
        return out

    def image_bytes(self) -> bytes:
        lay = self.layout()
        img = bytearray(lay["end"])
        words = [len(self.insns) | MAGIC << 32, lay["insn"] | lay["uop"] << 32,
                 lay["inp"] | lay["wgt"] << 32, lay["acc"] | lay["out"] << 32,
                 lay["out"] | (lay["out"] + self.expected.nbytes) << 32]
        for i, w in enumerate(words):
            img[8 * i:8 * i + 8] = w.to_bytes(8, "little")
        for name, data in (("insn", isa.insn_bytes(self.insns)), ("uop", isa.uop_bytes(self.uops)),
                           ("inp", self.inp.astype("<i1").tobytes()), ("wgt", self.wgt.astype("<i1").tobytes()),
                           ("acc", self.acc.astype("<i4").tobytes())):
            img[lay[name]:lay[name] + len(data)] = data
        return bytes(img)

    def write_image(self, path: str | Path) -> Path:
        """The DRAM image as $readmemh text: one little-endian 64-bit word per line."""
        data = np.frombuffer(self.image_bytes(), dtype="<u8")
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("".join(f"{w:016x}\n" for w in data.tolist()))
        return path

    def read_output(self, dump: str | Path) -> np.ndarray:
        """Parse the $writememh dump of the output region into an (n_out, block_out) int8 array."""
        words = []
        for line in Path(dump).read_text().split():
            if line.startswith("//") or line.startswith("@"):
                continue
            words.append(int(line, 16))
        raw = np.array(words, dtype="<u8").tobytes()[:self.expected.nbytes]
        return np.frombuffer(raw, dtype=np.int8).reshape(self.expected.shape)


class Builder:
    """Collects instructions and deduplicated uop sequences; the first instruction loads all uops."""

    def __init__(self, cfg: VTAConfig):
        self.cfg = cfg
        self.insns: list = []
        self.uops: list[isa.Uop] = []
        self._seqs: dict = {}

    def uop_seq(self, uops: list[isa.Uop]) -> tuple[int, int]:
        key = tuple(uops)
        if key not in self._seqs:
            bgn = len(self.uops)
            self.uops.extend(uops)
            self._seqs[key] = (bgn, len(self.uops))
        return self._seqs[key]

    def emit(self, insn):
        self.insns.append(insn)
        return insn

    def finish(self) -> list:
        assert len(self.uops) <= self.cfg.uop_depth, "uops do not fit the uop buffer"
        head = [isa.Load(mem_type=isa.MemType.UOP, sram_base=0, dram_base=0, y_size=1,
                         x_size=len(self.uops), x_stride=len(self.uops))] if self.uops else []
        return head + self.insns


def split(n: int, limit: int) -> int:
    """Largest divisor of n not above limit (at least 1)."""
    best = 1
    for d in range(1, n + 1):
        if n % d == 0 and d <= limit:
            best = d
    return best


def alu_tile(b: Builder, ops, dst: int, iter_out: int, iter_in: int, dst_out: int, dst_in: int,
             src: int | None = None):
    """Emit ALU instructions over a tile. ops: list of (AluOp, imm) or (AluOp, None) for a
    tensor-tensor op with src (acc index of the second operand, same loop factors)."""
    out = []
    for op, imm in ops:
        if imm is None:
            bgn, end = b.uop_seq([isa.Uop(dst=dst, src=src)])
            out.append(b.emit(isa.Alu(uop_bgn=bgn, uop_end=end, iter_out=iter_out, iter_in=iter_in,
                                      dst_factor_out=dst_out, dst_factor_in=dst_in,
                                      src_factor_out=dst_out, src_factor_in=dst_in,
                                      alu_op=op, use_imm=0)))
        else:
            bgn, end = b.uop_seq([isa.Uop(dst=dst, src=dst)])
            out.append(b.emit(isa.Alu(uop_bgn=bgn, uop_end=end, iter_out=iter_out, iter_in=iter_in,
                                      dst_factor_out=dst_out, dst_factor_in=dst_in,
                                      src_factor_out=dst_out, src_factor_in=dst_in,
                                      alu_op=op, use_imm=1, imm=imm)))
    return out


def ref_alu(x: np.ndarray, ops, other: np.ndarray | None = None) -> np.ndarray:
    """NumPy reference of a sequence of ALU ops on int32 data, written from VTA's semantics: each
    op is (AluOp, imm) with an immediate or (AluOp, None) with `other` as second operand. SHR
    shifts right arithmetically by the signed 6-bit amount (negative: left); results wrap to
    32 bits."""
    x = x.astype(np.int64)
    for op, imm in ops:
        b = (other.astype(np.int64) if imm is None else np.full_like(x, imm))
        if op == isa.AluOp.MIN:
            x = np.minimum(x, b)
        elif op == isa.AluOp.MAX:
            x = np.maximum(x, b)
        elif op == isa.AluOp.ADD:
            x = x + b
        elif op == isa.AluOp.SHR:
            amt = ((b & 63) ^ 32) - 32
            x = np.where(amt >= 0, x >> np.clip(amt, 0, 63), x << np.clip(-amt, 0, 63))
        x = wrap32(x)
    return x.astype(np.int32)


def wrap32(x: np.ndarray) -> np.ndarray:
    return ((x.astype(np.int64) + (1 << 31)) % (1 << 32) - (1 << 31)).astype(np.int64)


def to_int8(x: np.ndarray) -> np.ndarray:
    """The output buffer keeps the low byte of each accumulator."""
    return (np.asarray(x).astype(np.int64) & 0xFF).astype(np.uint8).view(np.int8)


class Tokens:
    """Dependence flags of the double-buffered pipelines (VTA's two virtual threads).

    load/compute: step s uses inp/wgt slot s % 2; its first load pops a compute->load token if
    s >= 2, its last load pushes load->compute; its GEMM pops it and pushes compute->load if a
    later load (s + 2) will reuse the slot. compute/store: output tile t uses acc/out slot t % 2;
    its first compute instruction pops store->compute if t >= 2, its last pushes compute->store;
    its store pops it and pushes store->compute if tile t + 2 exists or t is the last tile (FINISH
    pops that one)."""

    def __init__(self, steps: int, tiles: int):
        self.steps, self.tiles = steps, tiles

    def loads(self, insns: list, s: int):
        insns[0].pop_next = int(s >= 2)
        insns[-1].push_next = 1

    def gemm(self, insn, s: int):
        insn.pop_prev = 1
        insn.push_prev = int(s + 2 < self.steps)

    def computes(self, insns: list, t: int):
        insns[0].pop_next = int(t >= 2)
        insns[-1].push_next = 1

    def stores(self, insns: list, t: int):
        insns[0].pop_prev = 1
        insns[-1].push_prev = int(t + 2 < self.tiles or t == self.tiles - 1)

    def finish(self, insn):
        insn.pop_next = int(self.tiles > 0)
