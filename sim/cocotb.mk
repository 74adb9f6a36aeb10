# cocotb's own Makefile flow on the generated lockstep top (sim/Makefile target equiv-make).
# GEN is the fragment written by `python -m rtlprune.simulation generate` (TOPLEVEL, VERILOG_SOURCES,
# COCOTB_PLUSARGS, SIM_BUILD and the RTLPRUNE_* environment of rtlprune/simulation/cocotb_equiv.py).
include $(GEN)
SIM ?= verilator
TOPLEVEL_LANG ?= verilog
COCOTB_TEST_MODULES := rtlprune.simulation.cocotb_equiv
EXTRA_ARGS += -O3 --x-assign fast --x-initial fast -Wno-WIDTH -Wno-CASEOVERLAP -Wno-fatal
include $(shell cocotb-config --makefiles)/Makefile.sim
