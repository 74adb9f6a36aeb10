"""Variables that yosys-slang dropped from an always block with an asynchronous load, found in
the design it read, and the copies of the sources that keep them (hdl/async_hold.py says why).

A dropped variable is left without a driver: slang drives it with `x`, as it does a variable
nothing assigns. Which of those some always block assigns is read from the block's own text,
whose place the process slang leaves behind carries (`src`)."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from pyosys import libyosys as ys

from rtlprune.errors import UserError
from rtlprune.hdl.async_hold import BodyRange, assigns, body_text, hold_variables
from yosys_passes.pyosys_util import ident, param_int, plain, select_sig, set_param_int

_SRC = re.compile(r"^(?P<file>.*):(?P<l1>\d+)\.(?P<c1>\d+)-(?P<l2>\d+)\.(?P<c2>\d+)$")


@dataclass(frozen=True)
class Dropped:
    file: str            # as the front end names it (the user's file, also for a rewritten copy)
    body: BodyRange
    name: str            # the variable's name in the block's text


def _x_driven(module: ys.Module) -> set[str]:
    """Wires some bits of which are driven by nothing but an `x` constant."""
    names = set()
    for cell in module.cells_.values():
        if cell.type.str() == "$buf" and cell.getPort(ident("A")).is_fully_undef():
            names |= {plain(b.wire.name) for b in cell.getPort(ident("Y")) if b.wire}
    for lhs, rhs in module.connections():
        if rhs.is_fully_undef():
            names |= {plain(b.wire.name) for b in lhs if b.wire}
    return names


def dropped_variables(design: ys.Design, text_of, earlier: frozenset[str] = frozenset()) -> set[Dropped]:
    """Undriven variables that the body of an always block of their module assigns.
    `text_of(file, body)` gives the body's text, or None where it cannot be read."""
    found = set()
    for module in [m for n, m in design.modules_.items() if n.str() not in earlier]:
        undriven = {n for n in _x_driven(module) if not n.startswith("$")}
        if not undriven or not module.processes:
            continue
        for process in module.processes.values():
            m = _SRC.match(process.get_src_attribute().split("|")[0])
            if not m:
                continue
            body = BodyRange(int(m["l1"]), int(m["c1"]), int(m["l2"]), int(m["c2"]))
            text = text_of(m["file"], body)
            if text is None:
                continue
            for name in undriven:
                local = name.rsplit(".", 1)[-1]  # a generate block's variable: `g.r` is `r` in its text
                if assigns(text, local):
                    found.add(Dropped(m["file"], body, local))
    return found


_LINE_DIRECTIVE = re.compile(r'^`line\s+(\d+)\s+"([^"]*)"\s+\d\s*$')


class SourceCopies:
    """The files a read gets, and copies of them that hold what slang dropped. A source location
    names the user's file and line; a file read may be a copy (system_tasks) or a text made of
    several files (the source's text the pruned output carries), whose `line directives say
    which file and line each part stands for. A copy lives elsewhere, so the directory of the
    file it copies joins the include path."""

    def __init__(self, files: list[str], originals: list[str], incdirs: list[str], tmp: str):
        self.files, self.incdirs, self.tmp = list(files), list(incdirs), tmp
        self.originals = list(originals)
        self._cached: dict[int, list[tuple[int, str, int]]] = {}

    def _segments(self, index: int) -> list[tuple[int, str, int]]:
        """(line of the text read, the file it stands for, that file's line) where each part starts."""
        if index in self._cached:
            return self._cached[index]
        segments = [(1, os.path.abspath(self.originals[index]), 1)]
        lines = Path(self.files[index]).read_text(encoding="latin-1").splitlines()
        for number, line in enumerate(lines, 1):
            if m := _LINE_DIRECTIVE.match(line):
                segments.append((number + 1, os.path.abspath(m[2]), int(m[1])))
        self._cached[index] = segments
        return segments

    def _locate(self, file: str, body: BodyRange) -> tuple[int, BodyRange] | None:
        """The file read that holds `body` of the user's `file`, and the body's place in its text."""
        want = os.path.abspath(file)
        for index in range(len(self.files)):
            segments = self._segments(index)
            for k, (start, name, first) in enumerate(segments):
                end = segments[k + 1][0] if k + 1 < len(segments) else None
                shift = start - first
                if name == want and body.line >= first and (end is None or body.end_line + shift < end):
                    return index, BodyRange(body.line + shift, body.column, body.end_line + shift, body.end_column)
        return None   # an `include file: not copied

    def body(self, file: str, body: BodyRange) -> str | None:
        found = self._locate(file, body)
        try:   # an `include file is read as it is: not copied, so what it drops is refused
            text = Path(self.files[found[0]] if found else file).read_text(encoding="latin-1")
        except OSError:
            return None
        return body_text(text, found[1] if found else body)

    def hold(self, dropped: set[Dropped]) -> None:
        """Copies of the files `dropped` names, each of its variables held by its block."""
        by_file: dict[int, dict[BodyRange, list[str]]] = {}
        for d in dropped:
            if found := self._locate(d.file, d.body):
                by_file.setdefault(found[0], {}).setdefault(found[1], []).append(d.name)
        for index, bodies in by_file.items():
            text = Path(self.files[index]).read_text(encoding="latin-1")
            held = hold_variables(text, {b: sorted(set(n)) for b, n in bodies.items()})
            if not held.startswith("`line "):
                held = f'`line 1 "{self.originals[index]}" 0\n{held}'
            copy = Path(self.tmp, f"held_{index}_{Path(self.originals[index]).name}")
            copy.write_text(held, encoding="latin-1")
            self.files[index] = str(copy)
            self._cached.pop(index, None)
            parent = str(Path(self.originals[index]).parent)
            if parent not in self.incdirs:
                self.incdirs.append(parent)


def loads_that_hold_as_enables(design: ys.Design) -> None:
    """Bits of an `$aldff` that load their own value (a bit the asynchronous branch leaves alone
    once the self-assignment comes first; `if (rst) q <= {q[3:2], 2'h1};` as write_verilog
    writes it) become a `$dffe` enabled outside the load: the same meaning without a loop
    through the load, which `async2sync` (the formal check) would read as a combinational loop."""
    n = 0
    for module in design.modules_.values():
        for cell in [c for c in module.cells_.values() if c.type.str() == "$aldff"]:
            port = {p: cell.getPort(ident(p)) for p in ("CLK", "ALOAD", "D", "AD", "Q")}
            held = [i for i, (a, q) in enumerate(zip(port["AD"], port["Q"])) if a == q]
            if not held:
                continue
            n += 1
            module.addDffe(ident(f"$rtlprune$held${n}"), port["CLK"], port["ALOAD"], select_sig(port["D"], held),
                           select_sig(port["Q"], held), bool(param_int(cell, "CLK_POLARITY")),
                           not param_int(cell, "ALOAD_POLARITY"), cell.get_src_attribute())
            rest = [i for i in range(port["Q"].size()) if i not in held]
            if not rest:
                module.remove(cell)
                continue
            for p in ("D", "AD", "Q"):
                cell.setPort(ident(p), select_sig(port[p], rest))
            set_param_int(cell, "WIDTH", len(rest))


def hold_async_loaded(design: ys.Design, copies: SourceCopies, read_commands,
                      earlier: frozenset[str] = frozenset()) -> None:
    """After a read of `copies.files` into `design`, whose modules named `earlier` were there
    before it: where slang dropped a variable that only an asynchronous load assigns, read
    again (`read_commands(files, incdirs)`) from copies that hold it. One that is still dropped
    is refused with its file and line: never read as `x`."""
    dropped = dropped_variables(design, copies.body, earlier)
    if not dropped:
        return
    copies.hold(dropped)
    for name, module in list(design.modules_.items()):
        if name.str() not in earlier:
            design.remove(module)
    for command in read_commands(copies.files, copies.incdirs):
        ys.run_pass(command, design)
    loads_that_hold_as_enables(design)
    if still := dropped_variables(design, copies.body, earlier):
        d = min(still, key=lambda d: (d.file, d.body.line))
        raise UserError(f"{d.file}:{d.body.line}: the slang front end reads '{d.name}' as undriven, though this "
                        "always block assigns it; --frontend yosys reads it")
