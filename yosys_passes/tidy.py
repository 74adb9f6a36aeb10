"""Shape a netlist so that write_verilog emits Verilog that Verilator simulates fast.

`proc` turns `if (en) mem[a] <= d;` into a memory write whose enable is a wide mux such as
`en ? 'b11..1 : 'b00..0` (for a write of one lane of a word, `en ? 'b0..01..10..0 : 0`; under
a reset branch, `rst ? 0 : (rst ? x : {8{push}})`): every enable bit is a different net, so
write_verilog writes the memory one bit at a time (a 512-bit accumulator row becomes 512 `if`s
per write), which Verilator then evaluates bit by bit.

The fix is exact, bit by bit, for every select value S (x included): an output bit whose two
data bits are the same bit b is b; one whose data bits are the constants 0 and 1 is S (1 and
0: not S); and output bits i and j with the same pair of data bits are equal. A mux whose bits
all fold so, or share one remaining pair of data bits, is replaced by those bits and a 1-bit
mux fanned out. Repeated until nothing changes, the enable bits of a word or lane become one
net, and write_verilog writes the word or lane whole. Data muxes are left alone.
"""

from __future__ import annotations

from pyosys import libyosys as ys

from yosys_passes.pyosys_util import ident

_A, _B, _S, _Y, _Q = (ident(p) for p in "ABSYQ")
_ZERO, _ONE = ys.State.S0, ys.State.S1


def _is(bit, state) -> bool:
    return not bit.is_wire() and bit.data == state


def merge_duplicate_mux_bits(module: ys.Module) -> int:
    """Rewrite every $mux that has a foldable or duplicate output bit; return how many."""
    plans = []
    for cell in module.cells_.values():
        if cell.type.str() != "$mux":
            continue
        pairs = list(zip(cell.getPort(_A), cell.getPort(_B)))
        index: dict = {}
        foldable = False
        for abit, bbit in pairs:
            if abit == bbit or (_is(abit, _ZERO) and _is(bbit, _ONE)) or (_is(abit, _ONE) and _is(bbit, _ZERO)):
                foldable = True
            else:
                index.setdefault((abit, bbit), len(index))
        # Only enable-like muxes: at most one bit left to select. Narrowing wide data muxes
        # into fanned-out bits made a VTA model several times slower in Verilator.
        if len(index) <= 1 and (foldable or len(index) < len(pairs)):
            plans.append((cell, pairs, index))
    for cell, pairs, index in plans:
        name, s, y = cell.name.str(), cell.getPort(_S), cell.getPort(_Y)
        narrow = inverse = None
        if index:
            narrow = module.addWire(ident(f"$rtlprune$tidy${name}$y"), len(index))
            a, b = ys.SigSpec(), ys.SigSpec()
            for abit, bbit in index:  # dicts keep insertion order: bit k is the k-th pair
                a.append(ys.SigSpec(abit, 1))
                b.append(ys.SigSpec(bbit, 1))
            module.addMux(ident(f"$rtlprune$tidy${name}"), a, b, s, ys.SigSpec(narrow))
        value = ys.SigSpec()
        for abit, bbit in pairs:
            if abit == bbit:
                value.append(ys.SigSpec(abit, 1))
            elif _is(abit, _ZERO) and _is(bbit, _ONE):
                value.append(s)
            elif _is(abit, _ONE) and _is(bbit, _ZERO):
                if inverse is None:
                    inverse = module.addWire(ident(f"$rtlprune$tidy${name}$not"), 1)
                    module.addNot(ident(f"$rtlprune$tidy${name}$not_cell"), s, ys.SigSpec(inverse))
                value.append(ys.SigSpec(inverse))
            else:
                value.append(ys.SigSpec(narrow, index[(abit, bbit)], 1))
        module.remove(cell)
        module.connect(y, value)
    return len(plans)


# An unsigned compare against constant 0 whose answer never changes: (A op B) for each type, when
# A (side "A") or B (side "B") is all zeros. Narrowing and flattening make these from compares of
# a register with a port tied to 0; Verilator refuses them as UNSIGNED where the source lints clean.
_CONSTANT_COMPARES = {("$le", "A"): 1, ("$gt", "A"): 0, ("$ge", "B"): 1, ("$lt", "B"): 0}


def fold_constant_compares(module: ys.Module) -> int:
    """Replace `0 <= x`, `0 > x`, `x >= 0` and `x < 0` (unsigned) by their constant value.

    Exact in two-state simulation, which is what the output is for: Verilator computes these
    as constants too; only an X in x (four-state) would have made the original's answer X."""
    folds = []
    for cell in module.cells_.values():
        t = cell.type.str()
        if t not in ("$le", "$gt", "$ge", "$lt") or (cell.getParam(ident("A_SIGNED")).as_bool()
                                                    and cell.getParam(ident("B_SIGNED")).as_bool()):
            continue
        for side in ("A", "B"):
            value = _CONSTANT_COMPARES.get((t, side))
            sig = cell.getPort(ident(side))
            if value is not None and sig.is_fully_const() and not sig.as_const().as_bool():
                folds.append((cell, value))
                break
    for cell, value in folds:
        y = cell.getPort(_Y)
        module.remove(cell)
        module.connect(y, ys.SigSpec(ys.Const(value, y.size())))
    return len(folds)


# The ports and parameters that make a flip-flop's sensitivity list as write_verilog writes it.
_CLOCKING_PORTS = ("CLK", "ARST", "ALOAD", "SET", "CLR", "EN")
_CLOCKING_PARAMS = ("CLK_POLARITY", "ARST_POLARITY", "ALOAD_POLARITY", "SET_POLARITY", "CLR_POLARITY")


def _clocking(cell: ys.Cell) -> tuple:
    """What write_verilog puts in a flip-flop's sensitivity list: its clock and asynchronous
    controls with their polarities (a latch's enable, for a latch). A synchronous reset or an
    enable is written inside the block, so it does not count."""
    latch = "latch" in cell.type.str()
    # log_signal, not str(): str() of a pyosys SigSpec is its address, which made two flip-flops
    # of one clock look different in some runs and not in others (nondeterministic output)
    ports = tuple(ys.log_signal(cell.getPort(ident(p))) if cell.hasPort(ident(p)) else "" for p in _CLOCKING_PORTS
                  if p != "EN" or latch)
    params = tuple(cell.getParam(ident(p)).as_int() if cell.hasParam(ident(p)) else -1 for p in _CLOCKING_PARAMS)
    return ports, params


def separate_clockings(module: ys.Module, storage_types: set[str]) -> int:
    """Give each flip-flop whose output shares a wire with a flip-flop of another clocking a
    wire of its own; the shared wire reads it. write_verilog would otherwise write one `reg`
    from always blocks of different sensitivity (`if (rst) q[0] <= 0; else q <= d;` makes one
    bit an $adff and the other a $dffe), which Verilator warns about (MULTIDRIVEN) where the
    source, one always block, drew nothing. Return how many flip-flops got a wire."""
    by_wire: dict[str, list[ys.Cell]] = {}
    for cell in module.cells_.values():
        if cell.type.str() in storage_types and cell.hasPort(_Q):
            for name in {b.wire.name.str() for b in cell.getPort(_Q) if b.wire}:
                by_wire.setdefault(name, []).append(cell)
    moved: dict[str, ys.Cell] = {}
    for cells in by_wire.values():
        if len({_clocking(c) for c in cells}) > 1:
            moved.update((c.name.str(), c) for c in cells)
    for n, cell in enumerate(moved.values()):
        q = cell.getPort(_Q)
        own = module.addWire(ident(f"$rtlprune$q${n}"), q.size())
        cell.setPort(_Q, ys.SigSpec(own))
        module.connect(q, ys.SigSpec(own))
    return len(moved)
