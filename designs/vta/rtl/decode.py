"""Field access on a 128-bit instruction signal, from the layouts of designs/vta/isa.py."""

from .. import isa

_LAYOUTS = {}
for layout in (isa.MEM_FIELDS, isa.GEMM_FIELDS, isa.ALU_FIELDS):
    for name, lsb, width in layout:
        _LAYOUTS.setdefault(name, (lsb, width))


def field(insn, name: str):
    lsb, width = _LAYOUTS[name]
    return insn[lsb:lsb + width]


def mem_cmd(m, engine, insn, base):
    """Drive a TensorLoad/TensorStore/UopLoad command from a LOAD/STORE instruction."""
    m.d.comb += engine.base.eq(base)
    for name in ("dram_base", "sram_base", "y_size", "x_size", "x_stride",
                 "y_pad_0", "y_pad_1", "x_pad_0", "x_pad_1"):
        m.d.comb += getattr(engine, name).eq(field(insn, name))
