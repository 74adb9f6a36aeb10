"""Small helpers over the pyosys bindings (names, constants, bit selections)."""

from __future__ import annotations

from pyosys import libyosys as ys


def ident(name: str) -> ys.IdString:
    """An IdString from a name as users and write_json spell it (public names lack the '\\')."""
    return ys.IdString(name if name.startswith(("$", "\\")) else "\\" + name)


def attribute_names(obj) -> set[str]:
    """The names of a cell's or wire's attributes, as write_json spells them (no `\\`)."""
    return {plain(name) for name in obj.attributes}


def plain(idstr) -> str:
    s = idstr.str()
    return s[1:] if s.startswith("\\") else s


def runs(indices: list[int]) -> list[tuple[int, int]]:
    """Consecutive runs of sorted indices as (start, length)."""
    out: list[tuple[int, int]] = []
    for i in indices:
        if out and out[-1][0] + out[-1][1] == i:
            out[-1] = (out[-1][0], out[-1][1] + 1)
        else:
            out.append((i, 1))
    return out


def select_sig(sig: ys.SigSpec, indices: list[int]) -> ys.SigSpec:
    new = ys.SigSpec()
    for start, length in runs(indices):
        new.append(sig.extract(start, length))
    return new


def select_const(const: ys.Const, indices: list[int]) -> ys.Const:
    lsb_first = const.as_string()[::-1]
    return ys.Const.from_string("".join(lsb_first[i] for i in indices)[::-1])


def format_string(cell: ys.Cell) -> str:
    """The FORMAT of a $print or $check cell ('' for other cells), one character per byte: a
    `$display` string may hold bytes that are not UTF-8."""
    fmt = ident("FORMAT")
    if not cell.hasParam(fmt):
        return ""
    bits = cell.getParam(fmt).as_string()  # MSB first, 8 bits per character
    return bytes(int(bits[i:i + 8], 2) for i in range(0, len(bits) - len(bits) % 8, 8)).decode("latin-1").lstrip("\0")


def param_int(cell: ys.Cell, name: str) -> int:
    return cell.getParam(ident(name)).as_int()


def set_param_int(cell: ys.Cell, name: str, value: int) -> None:
    cell.setParam(ident(name), ys.Const(value, 32))
