# designs/vta under cocotb's own Makefile flow, as a VTA user would write it, with rtlprune.mk
# included: `make -C sim cocotb-compare CONFIG=default WORKLOAD=bench-1m` prepares the Verilog
# and the workload in VTA_WORK and runs `rtlprune-compare` here (original and pruned, cocotb's
# default visibility and minimal; cocotb's own Verilator flags for all four).
SIM ?= verilator
TOPLEVEL_LANG = verilog
ROOT := $(abspath $(dir $(lastword $(MAKEFILE_LIST)))/..)
VTA_WORK ?= $(CURDIR)
VTA_MAX_CYCLES ?= 50000000
VERILOG_SOURCES = $(ROOT)/designs/vta/harness/vta_sim_top.v $(VTA_WORK)/vta_top.v
COCOTB_TOPLEVEL = vta_sim_top
COCOTB_TEST_MODULES = designs.vta.harness.cocotb_vta
# Amaranth's Verilog draws warnings (WIDTH, CASEOVERLAP, UNOPTFLAT), which Verilator makes fatal by default
COMPILE_ARGS += -Wno-fatal
# the DUT inside the harness, and the spec (the HDL host polls host_resp_rdata: kept)
RTLPRUNE_TOP = vta_top
RTLPRUNE_SOURCES = $(VTA_WORK)/vta_top.v
RTLPRUNE_DROP ?= dram_wr_data_data
COCOTB_PLUSARGS = +dram_image=$(VTA_WORK)/image.hex +dram_dump=$(VTA_WORK)/dump.hex +max_cycles=$(VTA_MAX_CYCLES)
export VTA_DUMP := $(VTA_WORK)/dump.hex
export VTA_EXPECTED := $(VTA_WORK)/image.hex.expected.npy
export VTA_RESULT := $(VTA_WORK)/result.json
export VTA_MAX_CYCLES
# An architect's run for cycle counts: the pruned design writes zeros to DRAM (its write data is
# dropped), so the output is not compared with NumPy; the equal simulated time of every variant
# (the table's condition for a speed-up) is the cycle count agreeing.
export VTA_CHECK_DATA ?= 0
export PYTHONPATH := $(ROOT):$(PYTHONPATH)
include $(shell rtlprune --makefiles)/rtlprune.mk
include $(shell cocotb-config --makefiles)/Makefile.sim
