"""rtlprune's transform as Yosys commands written against pyosys; imports nothing from rtlprune.

`import yosys_passes.passes` (or `plugin -i .../yosys_passes/passes.py` in a pyosys-hosted
Yosys) registers `rtlprune_observe`, `rtlprune_cone` and `rtlprune_tidy` (`help rtlprune_cone`).

- `cells`: what each cell type means (bit dependence, narrowing, storage): the one table the
  cone, the cut and the statistics share;
- `netlist`: a flattened module as plain data (from `write_json`);
- `cone`: the bit-precise sequential cone of the observed signals;
- `cut`: narrow or delete cells outside the cone;
- `observe`: apply an observation spec (dropped outputs, kept signals, side effects);
- `tidy`: reshape muxes so write_verilog's output simulates fast;
- `passes`: the commands themselves.
"""
