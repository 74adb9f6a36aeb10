"""Amaranth RTL of the VTA-architecture accelerator (see designs/vta/README.md)."""
