"""Why a signal or cell was kept: a path from it to an observed signal, from the cone's reasons."""

from __future__ import annotations

from yosys_passes.cone import OBSERVED, Cone


def _bit_namer(cone: Cone):
    names: dict[int, str] = {}
    # Public names first, so a path reads in the user's own names where it can.
    for name, (_hidden, bits, _attrs) in sorted(cone.netlist.netnames.items(), key=lambda kv: kv[1][0]):
        for i, b in enumerate(bits):
            if type(b) is int and b not in names:
                names[b] = name if len(bits) == 1 else f"{name}[{i}]"
    return lambda b: names.get(b, f"net {b}")


def _ranges(positions: list[int]) -> str:
    out, start = [], None
    for i, p in enumerate(positions):
        if start is None:
            start = p
        if i + 1 == len(positions) or positions[i + 1] != p + 1:
            out.append(f"{p}" if start == p else f"{p}:{start}")
            start = None
    return ", ".join(reversed(out))


def _path_from_bit(cone: Cone, bit: int, name_of) -> list[str]:
    lines = []
    cells = cone.netlist.cells
    while True:
        reader = cone.bit_reason[bit]
        if reader == OBSERVED:
            lines.append(f"  {name_of(bit)}: observed (output port or kept signal)")
            return lines
        cell = cells[reader]
        lines.append(f"  {name_of(bit)}")
        lines.append(f"    read by {cell.name} ({cell.type})")
        next_bit = cone.cell_reason[reader]
        if next_bit == OBSERVED:
            lines.append(f"    which is observed: {cone.root_labels[reader]}")
            return lines
        bit = next_bit


def explain(cone: Cone, name: str, existed_before: bool) -> list[str]:
    """Lines telling why `name` (a wire or cell of the flattened design) was kept or removed."""
    name_of = _bit_namer(cone)
    netnames = cone.netlist.netnames
    if name in netnames:
        bits = netnames[name][1]
        kept = cone.needed_positions(bits)
        if not kept:
            return [f"{name}: removed: none of its bits can reach an observed signal"]
        head = f"{name}: kept"
        if len(kept) < len(bits):
            head += f" (bits {_ranges(kept)} of {len(bits)}; the others are removed)"
        return [head + "; a path to an observed signal:"] + _path_from_bit(cone, bits[kept[0]], name_of)
    for index, cell in enumerate(cone.netlist.cells):
        if cell.name == name:
            reason = cone.cell_reason[index]
            if reason == -2:
                return [f"{name}: removed: none of its outputs can reach an observed signal"]
            if reason == OBSERVED:
                return [f"{name} ({cell.type}): kept: it is observed: {cone.root_labels[index]}"]
            return [f"{name} ({cell.type}): kept; a path to an observed signal:"] + _path_from_bit(cone, reason, name_of)
    if existed_before:
        return [f"{name}: removed: it cannot reach any observed signal (deleted as dead logic)"]
    return []
