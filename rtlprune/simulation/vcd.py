"""Waveforms a person can look at: the observed signals of both variants around the first
difference of an equivalence run, as a VCD file (GTKWave, Surfer). The lockstep monitor
writes the window as text (`window_lines`), which this turns into a VCD."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

WINDOW_BEFORE = 48   # cycles kept before the first difference
WINDOW_AFTER = 8     # and after it
HISTORY = 64         # the monitor's ring buffer (a power of two above their sum)


@dataclass(frozen=True)
class Signal:
    name: str
    width: int


_ID_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"


def _ident(i: int) -> str:
    """VCD's short identifiers, letters and digits only ('#' and '$' are legal but read badly)."""
    chars = []
    i += 1
    while i:
        i, r = divmod(i - 1, len(_ID_CHARS))
        chars.append(_ID_CHARS[r])
    return "".join(chars)


def write_vcd(path: Path, signals: list[Signal], rows: list[tuple[int, list[str], list[str]]],
              first_difference: int) -> None:
    """`rows`: (cycle, original values, pruned values), values in hex as Verilog's %h writes
    them (x and z digits kept). One time unit per cycle; `differ` marks the first difference."""
    scopes = {"original": 0, "pruned": len(signals)}
    marker = _ident(2 * len(signals))
    lines = ["$date rtlprune equivalence run $end", "$timescale 1ns $end", "$scope module rtlprune $end",
             f"$var wire 1 {marker} first_difference $end"]
    for scope, base in scopes.items():
        lines.append(f"$scope module {scope} $end")
        lines += _declarations(signals, base)
        lines.append("$upscope $end")
    lines += ["$upscope $end", "$enddefinitions $end"]
    for cycle, original, pruned in rows:
        lines.append(f"#{cycle}")
        lines.append(f"{1 if cycle == first_difference else 0}{marker}")
        for base, values in ((0, original), (len(signals), pruned)):
            for i, (s, v) in enumerate(zip(signals, values)):
                lines.append(f"b{_bits(v, s.width)} {_ident(base + i)}")
    path.write_text("\n".join(lines) + "\n")


def _declarations(signals: list[Signal], base: int) -> list[str]:
    """$var lines, a hierarchical name (`dut.state`) inside scopes of its own (`dut`)."""
    lines: list[str] = []
    open_scopes: list[str] = []
    for i, s in sorted(enumerate(signals), key=lambda e: e[1].name.split(".")[:-1]):
        *path, leaf = s.name.split(".")
        while open_scopes and open_scopes != path[:len(open_scopes)]:
            open_scopes.pop()
            lines.append("$upscope $end")
        for part in path[len(open_scopes):]:
            open_scopes.append(part)
            lines.append(f"$scope module {part} $end")
        lines.append(f"$var wire {s.width} {_ident(base + i)} {leaf} $end")
    lines += ["$upscope $end"] * len(open_scopes)
    return lines


def read_window(path: Path) -> tuple[int, list[tuple[int, list[str], list[str]]]]:
    """A monitor's window file: lines `CYCLE A1 B1 A2 B2 ...` (hex, original then pruned for each
    signal) and `first CYCLE`. Returns the first differing cycle and the rows for write_vcd."""
    first, rows = 0, []
    for line in path.read_text().splitlines():
        parts = line.split()
        if parts[:1] == ["first"]:
            first = int(parts[1])
        elif parts and parts[0].isdigit():
            rows.append((int(parts[0]), parts[1::2], parts[2::2]))
    return first, rows


def _bits(hex_value: str, width: int) -> str:
    out = []
    for c in hex_value.lower():
        out.append(c * 4 if c in "xz" else format(int(c, 16), "04b"))
    bits = "".join(out)[-width:] if out else "x"
    return bits.rjust(width, bits[0] if bits[0] in "xz" else "0")
