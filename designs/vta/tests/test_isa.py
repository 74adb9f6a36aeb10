"""designs/vta ISA: encodings round-trip and sit at the bit positions of VTA's ISA (isa.py)."""

import random

import pytest

from designs.vta import isa
from designs.vta.config import CONFIGS
from designs.vta.programs import funcsim
from designs.vta.workloads import WORKLOADS, get_workload

# (field, lsb, width) straight from the spec's text, as positions in the 128-bit instruction
SPEC_MEM = {"opcode": (0, 3), "pop_prev": (3, 1), "pop_next": (4, 1), "push_prev": (5, 1),
            "push_next": (6, 1), "mem_type": (7, 3), "sram_base": (10, 16), "dram_base": (26, 32),
            "y_size": (64, 16), "x_size": (80, 16), "x_stride": (96, 16), "y_pad_0": (112, 4),
            "y_pad_1": (116, 4), "x_pad_0": (120, 4), "x_pad_1": (124, 4)}
SPEC_GEMM = {"reset": (7, 1), "uop_bgn": (8, 13), "uop_end": (21, 14), "iter_out": (35, 14),
             "iter_in": (49, 14), "dst_factor_out": (64, 11), "dst_factor_in": (75, 11),
             "src_factor_out": (86, 11), "src_factor_in": (97, 11), "wgt_factor_out": (108, 10),
             "wgt_factor_in": (118, 10)}
SPEC_ALU = {"alu_op": (108, 3), "use_imm": (111, 1), "imm": (112, 16)}


def _ones(width):
    return (1 << width) - 1


@pytest.mark.parametrize("cls,spec", [(isa.Mem, SPEC_MEM), (isa.Gemm, SPEC_GEMM), (isa.Alu, SPEC_ALU)])
def test_field_positions(cls, spec):
    for name, (lsb, width) in spec.items():
        if name == "opcode":
            continue
        ones = cls(**{name: -1 if name == "imm" else _ones(width)})
        zero = cls(**{name: 0})
        # exactly the field's bits differ
        assert isa.encode(ones) ^ isa.encode(zero) == _ones(width) << lsb, name


def test_opcodes_and_words():
    assert isa.encode(isa.Load()) & 7 == 0
    assert isa.encode(isa.Store()) & 7 == 1
    assert isa.encode(isa.Gemm()) & 7 == 2
    assert isa.encode(isa.Finish()) & 7 == 3
    assert isa.encode(isa.Alu()) & 7 == 4
    i = isa.Load(dram_base=0xDEADBEEF, y_size=0x1234)
    lo, hi = isa.to_words(i)
    assert (lo >> 26) & 0xFFFFFFFF == 0xDEADBEEF and hi & 0xFFFF == 0x1234
    assert isa.insn_bytes([i]) == lo.to_bytes(8, "little") + hi.to_bytes(8, "little")


def _random(cls, rng):
    kw = {}
    for name, _lsb, width in cls.LAYOUT:
        if name == "opcode":
            continue
        if name == "imm":
            kw[name] = rng.randrange(-(1 << 15), 1 << 15)
        else:
            kw[name] = rng.randrange(0, 1 << width)
    if cls is isa.Mem:
        kw["opcode"] = rng.choice([isa.Opcode.LOAD, isa.Opcode.STORE])
    return cls(**kw)


def test_round_trip_random():
    rng = random.Random(1)
    for _ in range(500):
        for cls in (isa.Mem, isa.Gemm, isa.Alu, isa.Finish):
            insn = _random(cls, rng)
            word = isa.encode(insn)
            assert 0 <= word < 1 << 128
            assert isa.decode(word) == insn
            assert isa.encode(isa.decode(word)) == word
    for _ in range(500):
        u = isa.Uop(rng.randrange(2048), rng.randrange(2048), rng.randrange(1024))
        w = u.encode()
        assert w == u.dst | u.src << 11 | u.wgt << 22
        assert isa.Uop.decode(w) == u


def test_out_of_range_fields_rejected():
    with pytest.raises(ValueError):
        isa.encode(isa.Load(sram_base=1 << 16))
    with pytest.raises(ValueError):
        isa.encode(isa.Alu(imm=1 << 15))
    with pytest.raises(ValueError):
        isa.Uop(wgt=1024).encode()


@pytest.mark.parametrize("name", list(WORKLOADS))
def test_builders_functional_model(name):
    """The instruction-level model runs every tiny workload to the NumPy reference (tokens balance)."""
    prog = get_workload(name, CONFIGS["tiny"])
    assert (funcsim.run(prog) == prog.expected).all()


def test_funcsim_detects_deadlock():
    prog = get_workload("matmul-256", CONFIGS["tiny"])
    next(i for i in prog.insns if i.push_next and i.opcode == isa.Opcode.LOAD).push_next = 0
    with pytest.raises(funcsim.Deadlock):
        funcsim.run(prog)
