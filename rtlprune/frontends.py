"""The Verilog front ends rtlprune can read with (`--frontend`); see engine/sources.py."""

FRONTENDS = ("slang", "yosys")
