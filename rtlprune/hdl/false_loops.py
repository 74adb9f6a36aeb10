"""Break false combinational loops that Verilator finds in the written Verilog (UNOPTFLAT).

write_verilog joins nets into vectors: when bits of vector A are assigned from vector B and
other bits of B from A (a generate-loop pipeline `chain[w*(i+1) +: w] = st` after pruning),
Verilator sees a loop between the two variables although no bit depends on itself, warns
UNOPTFLAT and evaluates them slowly. Its own remedy is `/*verilator split_var*/` on one of the
variables: each variable Verilator names in such a warning gets it, and Verilator lints again,
until it is quiet (at most a few rounds). A variable Verilator cannot split (it warns
SPLITVAR) loses the mark again.
"""

from __future__ import annotations

import re
from pathlib import Path

from rtlprune import verilator

_UNOPTFLAT = re.compile(r"%Warning-UNOPTFLAT: .*Circular combinational logic: '([^']+)'")
_SPLITVAR = re.compile(r"%Warning-SPLITVAR: .*'([^']+)'")
MARK = " /*verilator split_var*/"


def _declaration(name: str, marked: bool = False) -> re.Pattern:
    """The declaration of `name` (a flat module's wire or reg) as write_verilog writes it."""
    if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_$]*", name):
        ident = re.escape(name) + r"\b"
    else:
        ident = re.escape("\\" + name + " ")
    tail = re.escape(MARK) if marked else ""
    return re.compile(rf"^(  (?:wire|reg)(?: signed)?(?: \[[^\]]+\])? {ident}){tail};", re.M)


def split_false_loops(path: Path, top: str, rounds: int = 4) -> list[str]:
    """Mark the variables of Verilator's UNOPTFLAT warnings in place; return the names kept marked
    (none without a Verilator: the output is as fast as Verilator can make it, not less correct)."""
    if not verilator.available():
        return []
    marked: list[str] = []
    refused: set[str] = set()
    for _ in range(rounds):
        report = verilator.lint([str(path)], top).stderr
        text = path.read_text(encoding="latin-1")
        changed = False
        for name in (n.split(".", 1)[1] for n in _SPLITVAR.findall(report) if "." in n):
            text, n = _declaration(name, marked=True).subn(r"\1;", text)
            if n:
                refused.add(name)
                if name in marked:
                    marked.remove(name)
                changed = True
        for name in (n.split(".", 1)[1] for n in _UNOPTFLAT.findall(report) if "." in n):
            if name in marked or name in refused:
                continue
            text, n = _declaration(name).subn(rf"\1{MARK};", text, count=1)
            if n:
                marked.append(name)
                changed = True
        if not changed:
            break
        path.write_text(text, encoding="latin-1")
    return marked
