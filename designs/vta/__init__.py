"""The bundled VTA: ISA, programs, Amaranth RTL and the cocotb harness."""
