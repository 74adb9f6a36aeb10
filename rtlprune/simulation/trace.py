"""Trace files and their comparison (`rtlprune diff-trace A B`).

A trace is text, written by the generated recorder (templates/trace.v.j2)::

    # rtlprune trace 1
    # signals host_req_ready:1 dram_rd_req_addr:32 ...
    0 1 0 ...                 <- cycle, then each signal's value in hex
    17 1 40 ...               <- a line only for cycles in which some value changed
    # end 1234                <- the design was done in this cycle (or "# limit N": cycle limit hit)

Values hold until the next line. Two traces are equal when they have the same signals, the same
value of every signal in every cycle, and end in the same cycle the same way."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from rtlprune.errors import UserError, run_command


@dataclass
class TraceDiff:
    equal: bool
    cycle: int | None = None
    signal: str | None = None
    value_a: str | None = None
    value_b: str | None = None
    cycles: int | None = None       # last cycle of both traces when equal
    message: str = ""


class _Trace:
    def __init__(self, path: Path):
        self.path = path
        try:
            self.f = open(path)
        except OSError as e:
            raise UserError(f"{path}: cannot read: {e.strerror}") from None
        self.signals: list[tuple[str, int]] = []
        self.end: tuple[str, int] | None = None
        first = self.f.readline()
        if not first.startswith("# rtlprune trace"):
            raise UserError(f"{path}: not an rtlprune trace (no '# rtlprune trace' header)")
        sig = self.f.readline().split()
        if sig[:2] != ["#", "signals"]:
            raise UserError(f"{path}: line 2: expected '# signals NAME:WIDTH ...'")
        for item in sig[2:]:
            name, _, width = item.rpartition(":")
            self.signals.append((name, int(width)))
        self.lineno = 2

    def records(self) -> Iterator[tuple[int, list[int]]]:
        n = len(self.signals)
        for line in self.f:
            self.lineno += 1
            if line.startswith("#"):
                parts = line.split()
                if len(parts) == 3 and parts[1] in ("end", "limit"):
                    self.end = (parts[1], int(parts[2]))
                    return
                continue
            parts = line.split()
            if not parts:
                continue
            if len(parts) != n + 1:
                raise UserError(f"{self.path}:{self.lineno}: expected a cycle and {n} values, got {len(parts)} fields")
            try:
                yield int(parts[0]), [int(v, 16) for v in parts[1:]]
            except ValueError:
                raise UserError(f"{self.path}:{self.lineno}: bad number") from None


def window(path: str | Path, first: int, before: int, after: int) -> tuple[list[tuple[str, int]], dict[int, list[str]]]:
    """The signals of a trace and their values (hex) in every cycle from `first - before` to
    `first + after` that the trace reaches (values hold between its lines)."""
    t = _Trace(Path(path))
    lo, hi = max(0, first - before), first + after
    rows: dict[int, list[str]] = {}
    current: list[int] | None = None
    at = None
    for cycle, values in t.records():
        if current is not None:
            for c in range(max(lo, at), min(cycle, hi + 1)):
                rows[c] = [f"{v:x}" for v in current]
        if cycle > hi:
            current = None
            break
        current, at = values, cycle
    if current is not None:  # the trace ended: its last values hold to its end (or the window's)
        end = t.end[1] if t.end else at
        for c in range(max(lo, at), min(end, hi) + 1):
            rows[c] = [f"{v:x}" for v in current]
    return t.signals, rows


def _fmt(v: int | None, width: int) -> str:
    return "-" if v is None else f"{width}'h{v:x}"


def diff_traces(path_a: str | Path, path_b: str | Path) -> TraceDiff:
    """Compare two traces cycle by cycle; the first difference (cycle, signal, both values)."""
    a, b = _Trace(Path(path_a)), _Trace(Path(path_b))
    if a.signals != b.signals:
        only = [f"{n}:{w}" for n, w in a.signals if (n, w) not in b.signals] + \
               [f"{n}:{w}" for n, w in b.signals if (n, w) not in a.signals]
        return TraceDiff(False, message=f"the traces record different signals ({', '.join(only) or 'order differs'})")
    names = [n for n, _ in a.signals]
    widths = [w for _, w in a.signals]
    ia, ib = a.records(), b.records()
    ra, rb = next(ia, None), next(ib, None)
    va = vb = None
    last = -1
    while ra is not None or rb is not None:
        cycle = min(r[0] for r in (ra, rb) if r is not None)
        if ra is not None and ra[0] == cycle:
            va, ra = ra[1], next(ia, None)
        if rb is not None and rb[0] == cycle:
            vb, rb = rb[1], next(ib, None)
        if va != vb:
            for i, name in enumerate(names):
                x = None if va is None else va[i]
                y = None if vb is None else vb[i]
                if x != y:
                    return TraceDiff(False, cycle, name, _fmt(x, widths[i]), _fmt(y, widths[i]),
                                     message=f"traces differ at cycle {cycle}: signal {name}: "
                                             f"A={_fmt(x, widths[i])} B={_fmt(y, widths[i])}")
        last = cycle
    if a.end != b.end:
        def desc(t):
            if t.end is None:
                return "has no end marker (the run did not finish)"
            return f"ends at cycle {t.end[1]}" + (" (hit the cycle limit)" if t.end[0] == "limit" else " (done)")
        cyc = min((t.end[1] for t in (a, b) if t.end), default=last)
        return TraceDiff(False, cyc, None, message=f"traces differ in length: A {desc(a)}, B {desc(b)}")
    if a.end and a.end[0] == "limit":
        return TraceDiff(False, a.end[1], None,
                         message=f"both traces hit the cycle limit at cycle {a.end[1]}; nothing proven beyond it")
    n = a.end[1] if a.end else last
    return TraceDiff(True, cycles=n, message=f"traces equal: {len(names)} signals, cycles 0..{n}")


USAGE = "usage: rtlprune diff-trace TRACE_A TRACE_B   (exit 0 equal, 1 different, 2 error)"


def main(argv: list[str]) -> int:
    if argv[:1] in (["-h"], ["--help"]):
        print(USAGE + "\n\n" + __doc__)
        return 0
    if len(argv) != 2:
        print(USAGE, file=sys.stderr)
        return 2
    def body() -> int:
        d = diff_traces(argv[0], argv[1])
        print(d.message)
        return 0 if d.equal else 1

    return run_command("rtlprune diff-trace", body)
