# cocotb's own Makefile flow on the generated lockstep top (sim/Makefile target equiv-make).
# GEN is the fragment written by `python -m rtlprune.simulation generate` (TOPLEVEL, VERILOG_SOURCES,
# COCOTB_PLUSARGS, SIM_BUILD, the Verilator flags of rtlprune/verilator.py and the RTLPRUNE_*
# environment of rtlprune/simulation/cocotb_equiv.py).
include $(GEN)
SIM ?= verilator
TOPLEVEL_LANG ?= verilog
COCOTB_TEST_MODULES := rtlprune.simulation.cocotb_equiv
EXTRA_ARGS += $(RTLPRUNE_VERILATOR_FLAGS)
include $(shell cocotb-config --makefiles)/Makefile.sim
