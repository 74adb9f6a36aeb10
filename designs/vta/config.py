"""VTA configurations: block shape and on-chip buffer depths."""

from __future__ import annotations

from dataclasses import dataclass

BUS_BYTES = 8          # 64-bit DRAM data bus
MAX_BURST = 16         # beats per DRAM request
UOP_BYTES = 4
INSN_BYTES = 16


@dataclass(frozen=True)
class VTAConfig:
    name: str
    batch: int
    block_in: int
    block_out: int
    uop_depth: int
    inp_depth: int
    wgt_depth: int
    acc_depth: int
    out_depth: int
    inp_bits: int = 8
    wgt_bits: int = 8
    acc_bits: int = 32
    out_bits: int = 8
    insn_queue_depth: int = 16     # fetch's own instruction buffer
    cmd_queue_depth: int = 8       # load / compute / store command queues
    token_queue_depth: int = 256   # dependence-token queues (capacity in tokens)

    def __post_init__(self):
        assert self.batch == 1, "only BATCH=1 is implemented"
        for n in ("uop_depth", "inp_depth", "wgt_depth", "acc_depth", "out_depth"):
            d = getattr(self, n)
            assert d & (d - 1) == 0, f"{n} must be a power of two"
        assert self.uop_depth <= 1 << 13 and self.inp_depth <= 1 << 11
        assert self.acc_depth <= 1 << 11 and self.out_depth <= 1 << 11
        assert self.wgt_depth <= 1 << 10
        for n in ("inp_bytes", "wgt_bytes", "acc_bytes", "out_bytes"):
            assert getattr(self, n) % BUS_BYTES == 0, f"{n} must be a multiple of the 64-bit bus"

    # element sizes (one buffer entry) in bytes
    @property
    def inp_bytes(self) -> int:
        return self.batch * self.block_in * self.inp_bits // 8

    @property
    def wgt_bytes(self) -> int:
        return self.block_out * self.block_in * self.wgt_bits // 8

    @property
    def acc_bytes(self) -> int:
        return self.batch * self.block_out * self.acc_bits // 8

    @property
    def out_bytes(self) -> int:
        return self.batch * self.block_out * self.out_bits // 8

    def elem_bytes(self, mem_type: int) -> int:
        from .isa import MemType
        return {MemType.UOP: UOP_BYTES, MemType.WGT: self.wgt_bytes, MemType.INP: self.inp_bytes,
                MemType.ACC: self.acc_bytes, MemType.OUT: self.out_bytes}[MemType(mem_type)]

    def depth(self, mem_type: int) -> int:
        from .isa import MemType
        return {MemType.UOP: self.uop_depth, MemType.WGT: self.wgt_depth, MemType.INP: self.inp_depth,
                MemType.ACC: self.acc_depth, MemType.OUT: self.out_depth}[MemType(mem_type)]


CONFIGS = {
    # 1x8x8: the smallest block whose vectors are whole 64-bit beats; small buffers for fast tests
    "tiny": VTAConfig("tiny", 1, 8, 8, uop_depth=1024, inp_depth=512, wgt_depth=128,
                      acc_depth=512, out_depth=512),
    # VTA's default 1x16x16 and the buffer sizes of the spec
    "default": VTAConfig("default", 1, 16, 16, uop_depth=8192, inp_depth=2048, wgt_depth=1024,
                         acc_depth=2048, out_depth=2048),
    # 1x32x32, buffers of the same byte size as default where the index fields allow
    "large": VTAConfig("large", 1, 32, 32, uop_depth=8192, inp_depth=1024, wgt_depth=256,
                       acc_depth=1024, out_depth=1024),
}


def get_config(name: str) -> VTAConfig:
    try:
        return CONFIGS[name]
    except KeyError:
        raise SystemExit(f"unknown VTA configuration {name!r}; choose one of {', '.join(CONFIGS)}") from None
