"""Simulation harness: HDL DRAM model and host around vta_top, Verilator and cocotb runners."""
