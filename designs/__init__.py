"""Accelerator designs that rtlprune is evaluated on (see designs/vta)."""
