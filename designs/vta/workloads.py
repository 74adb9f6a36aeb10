"""Named workloads. The names are an interface (sim/ and users refer to them); each builds a
Program for any configuration, at the stated size on `default`/`large` and scaled down on `tiny`."""

from __future__ import annotations

from collections.abc import Callable

from .config import VTAConfig
from .isa import AluOp
from .programs.alu import alu_program
from .programs.common import Program
from .programs.conv import conv2d
from .programs.matmul import matmul

REQUANT = [(AluOp.SHR, 8), (AluOp.MAX, 0)]                        # shift, ReLU
CLIP = [(AluOp.SHR, 6), (AluOp.MAX, 0), (AluOp.MIN, 127)]         # shift, ReLU, clip to int8


def _tiny(cfg: VTAConfig) -> bool:
    return cfg.name == "tiny"


def gemm_tile(cfg):
    """One block_out x block_in weight tile times block_in input vectors (16x16x16 on default)."""
    return matmul(cfg, cfg.block_in, cfg.block_in, cfg.block_out, name="gemm-16")


def matmul_256(cfg):
    """256x256x256 int8 matrix multiply, int8 (low byte) output (tiny: 64x64x64)."""
    n = 64 if _tiny(cfg) else 256
    return matmul(cfg, n, n, n, name="matmul-256")


def conv_c2(cfg):
    """ResNet-18 C2: 56x56, 64 -> 64 channels, 3x3, pad 1, stride 1 (tiny: 14x14, 16 -> 16)."""
    if _tiny(cfg):
        return conv2d(cfg, 14, 14, 16, 16, ops=REQUANT, name="conv-resnet18-c2")
    return conv2d(cfg, 56, 56, 64, 64, ops=REQUANT, name="conv-resnet18-c2")


def relu_shift(cfg):
    """ALU only: acc vectors from DRAM, arithmetic shift right, ReLU (MAX 0), clip (MIN 127)."""
    return alu_program(cfg, 512 if _tiny(cfg) else 8192, CLIP, residual=False, name="relu-shift")


def residual_add(cfg):
    """ALU only: two acc tensors from DRAM, ADD (tensor-tensor), shift, ReLU."""
    return alu_program(cfg, 512 if _tiny(cfg) else 8192, REQUANT, residual=True, name="residual-add")


def bench_1m(cfg):
    """Benchmark: 512x512x512 matmul with shift/ReLU/clip on every output tile (>1M cycles on
    default); tiny: 64x64x64 with the same ALU ops."""
    if _tiny(cfg):
        return matmul(cfg, 64, 64, 64, ops=CLIP, name="bench-1m", seed=1)
    return matmul(cfg, 512, 512, 512, ops=CLIP, name="bench-1m", seed=1)


WORKLOADS: dict[str, Callable[[VTAConfig], Program]] = {
    "gemm-16": gemm_tile,
    "matmul-256": matmul_256,
    "conv-resnet18-c2": conv_c2,
    "relu-shift": relu_shift,
    "residual-add": residual_add,
    "bench-1m": bench_1m,
}


def get_workload(name: str, cfg: VTAConfig) -> Program:
    try:
        builder = WORKLOADS[name]
    except KeyError:
        raise SystemExit(f"unknown workload {name!r}; choose one of {', '.join(WORKLOADS)}") from None
    return builder(cfg)
