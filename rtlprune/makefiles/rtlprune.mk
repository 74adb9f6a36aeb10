# rtlprune in cocotb's Makefile flow: the same `make` runs the same tests on the pruned model.
#
# In a cocotb Makefile, before cocotb's own include:
#
#   include $(shell rtlprune --makefiles)/rtlprune.mk
#   include $(shell cocotb-config --makefiles)/Makefile.sim
#
# then `make RTLPRUNE=1 RTLPRUNE_DROP='io_mem_w_data'` (or RTLPRUNE_SPEC=spec.toml) prunes the
# toplevel (cached on the content of its sources and spec), builds the pruned model in its own
# SIM_BUILD and runs the tests; `make rtlprune-compare` runs them on original and pruned, at
# cocotb's default visibility and at minimal visibility, and prints them side by side.
#
#   RTLPRUNE=1               build and test the pruned model (default 0: the original)
#   RTLPRUNE_DROP, RTLPRUNE_KEEP, RTLPRUNE_SPEC
#                            the observation spec: outputs to drop, internal signals to keep (globs),
#                            or a spec file (rtlprune --config); one of them is required
#   RTLPRUNE_TOP             the module to prune (default: the toplevel); with a testbench
#                            toplevel around the DUT, name the DUT here and
#   RTLPRUNE_SOURCES         its sources (default: VERILOG_SOURCES), which the pruned file replaces
#   RTLPRUNE_DEFINES, RTLPRUNE_PARAMS
#                            NAME[=VALUE] macros and NAME=VALUE parameters of the pruned module
#                            (VERILOG_INCLUDE_DIRS are passed on)
#   RTLPRUNE_VISIBILITY=minimal
#                            instead of cocotb's --public-flat-rw (every signal public), make public
#                            only the toplevel's ports and the kept signals (a Verilator control file);
#                            Verilator only: Icarus has no visibility switch, so under SIM=icarus
#                            rtlprune-compare runs original-default and pruned-default
#   RTLPRUNE_DIR             where the pruned designs and generated files go (default rtlprune_build)
#   RTLPRUNE_RUNS            rtlprune-compare: runs of each variant, interleaved; the table has medians
#   RTLPRUNE_PYTHON          the Python that has rtlprune (default: the one `rtlprune` runs with)

# cocotb's `sim` stays the default goal (restored at the end)
_RTLPRUNE_GOAL := $(.DEFAULT_GOAL)
_RTLPRUNE_MAKEFILE := $(abspath $(firstword $(MAKEFILE_LIST)))
RTLPRUNE ?= 0
RTLPRUNE_VISIBILITY ?= default
# Each variant builds in SIM_BUILD_<variant>; the base is taken once (sub-makes inherit it).
export RTLPRUNE_SIM_BUILD := $(or $(RTLPRUNE_SIM_BUILD),$(SIM_BUILD),sim_build)
RTLPRUNE_DIR ?= rtlprune_build
RTLPRUNE_PYTHON ?= $(shell rtlprune --python-bin)

_RTLPRUNE_TOPLEVEL := $(firstword $(or $(COCOTB_TOPLEVEL),$(TOPLEVEL)))
# cocotb's own default simulator, when the Makefile sets none before this include
_RTLPRUNE_SIM := $(or $(SIM),icarus)
_RTLPRUNE_ARGS = --dir $(RTLPRUNE_DIR) --toplevel $(_RTLPRUNE_TOPLEVEL) --prune $(RTLPRUNE) \
    --visibility $(RTLPRUNE_VISIBILITY) --simulator $(_RTLPRUNE_SIM) $(addprefix --source ,$(abspath $(VERILOG_SOURCES))) \
    $(if $(RTLPRUNE_TOP),--top $(RTLPRUNE_TOP)) $(addprefix --prune-source ,$(abspath $(RTLPRUNE_SOURCES))) \
    $(if $(RTLPRUNE_SPEC),--spec $(abspath $(RTLPRUNE_SPEC))) $(addprefix --drop ,$(RTLPRUNE_DROP)) \
    $(addprefix --keep ,$(RTLPRUNE_KEEP)) $(addprefix --define ,$(RTLPRUNE_DEFINES)) \
    $(addprefix --param ,$(RTLPRUNE_PARAMS)) $(addprefix --include ,$(abspath $(VERILOG_INCLUDE_DIRS)))

ifeq ($(filter clean help,$(MAKECMDGOALS)),)
_RTLPRUNE_MK := $(shell $(RTLPRUNE_PYTHON) -m rtlprune.flows.makefile prepare $(_RTLPRUNE_ARGS))
ifeq ($(_RTLPRUNE_MK),)
$(error rtlprune.mk: preparing the $(if $(filter 1,$(RTLPRUNE)),pruned,original) model failed (the message is above))
endif
include $(_RTLPRUNE_MK)
endif

.PHONY: rtlprune-compare
# The user's tests on each variant, each in its own SIM_BUILD, RTLPRUNE_RUNS times with the
# variants interleaved, then one table of medians (and JSON).
ifeq ($(_RTLPRUNE_SIM),icarus)
RTLPRUNE_VARIANTS ?= original-default pruned-default
else
RTLPRUNE_VARIANTS ?= original-default original-minimal pruned-default pruned-minimal
endif
RTLPRUNE_RUNS ?= 1
rtlprune-compare:
	@rm -f $(RTLPRUNE_DIR)/results-*.xml
	@for run in $$(seq 1 $(RTLPRUNE_RUNS)); do $(foreach v,$(RTLPRUNE_VARIANTS),$(MAKE) --no-print-directory \
	    -f $(_RTLPRUNE_MAKEFILE) sim RTLPRUNE=$(if $(findstring pruned,$(v)),1,0) \
	    RTLPRUNE_VISIBILITY=$(lastword $(subst -, ,$(v))) \
	    COCOTB_RESULTS_FILE=$(abspath $(RTLPRUNE_DIR))/results-$(v).$$run.xml || true;) done
	$(RTLPRUNE_PYTHON) -m rtlprune.flows.makefile table --dir $(RTLPRUNE_DIR) --runs $(RTLPRUNE_RUNS) \
	    --json $(RTLPRUNE_DIR)/compare.json $(RTLPRUNE_VARIANTS)

.DEFAULT_GOAL := $(_RTLPRUNE_GOAL)
