"""Shape a netlist so that write_verilog emits Verilog that Verilator simulates fast.

`proc` turns `if (en) mem[a] <= d;` into a memory write whose enable is the wide mux
`en ? 'b11..1 : 'b00..0`: every enable bit is a different net, so write_verilog writes the
memory one bit at a time (a 128-bit FIFO becomes 128 `if`s per write), which Verilator then
evaluates bit by bit. The mux is exactly its select replicated (for every select value,
x included), so it is replaced by that, and the words are written whole again.
"""

from __future__ import annotations

from pyosys import libyosys as ys

from yosys_passes.pyosys_util import ident

_A, _B, _S, _Y = (ident(p) for p in "ABSY")


def replicate_boolean_muxes(module: ys.Module) -> int:
    """Replace each `S ? all-ones : all-zeros` $mux by S replicated; return how many."""
    doomed = []
    for cell in module.cells_.values():
        if cell.type.str() != "$mux":
            continue
        if cell.getPort(_A).is_fully_zero() and cell.getPort(_B).is_fully_ones():
            y = cell.getPort(_Y)
            module.connect(y, cell.getPort(_S).repeat(y.size()))
            doomed.append(cell)
    for cell in doomed:
        module.remove(cell)
    return len(doomed)
