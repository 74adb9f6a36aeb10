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
        if cell.type.str() == "$buf" and cell.getPort(ys.IdString("\\A")).is_fully_undef():
            names |= {plain(b.wire.name) for b in cell.getPort(ys.IdString("\\Y")) if b.wire}
    for lhs, rhs in module.connections():
        if rhs.is_fully_undef():
            names |= {plain(b.wire.name) for b in lhs if b.wire}
    return names


def dropped_variables(design: ys.Design, text_of) -> set[Dropped]:
    """Undriven variables that the body of an always block of their module assigns.
    `text_of(file, body)` gives the body's text, or None where it cannot be read."""
    found = set()
    for module in design.modules_.values():
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


class SourceCopies:
    """The files a read gets, and copies of them that hold what slang dropped. A file that is
    already a rewritten copy (system_tasks) starts with a `line directive: its line 2 is the
    user's line 1. A copy lives elsewhere, so its directory joins the include path."""

    def __init__(self, files: list[str], originals: list[str], incdirs: list[str], tmp: str):
        self.files, self.incdirs, self.tmp = list(files), list(incdirs), tmp
        self.originals = list(originals)
        self.index = {os.path.abspath(orig): i for i, orig in enumerate(originals)}

    def _text(self, index: int) -> tuple[str, int]:
        """The text read for source `index`, and the user's line number of its first line."""
        text = Path(self.files[index]).read_text(encoding="latin-1")
        return text, (0 if text.startswith("`line 1 ") else 1)

    def body(self, file: str, body: BodyRange) -> str | None:
        index = self.index.get(os.path.abspath(file))
        if index is None:  # an `include file
            return None
        text, first_line = self._text(index)
        return body_text(text, body, first_line)

    def hold(self, dropped: set[Dropped]) -> None:
        """Copies of the files `dropped` names, each of its variables held by its block."""
        by_file: dict[int, dict[BodyRange, list[str]]] = {}
        for d in dropped:
            by_file.setdefault(self.index[os.path.abspath(d.file)], {}).setdefault(d.body, []).append(d.name)
        for index, bodies in by_file.items():
            text, first_line = self._text(index)
            if first_line == 1:
                text = f'`line 1 "{self.originals[index]}" 0\n{text}'
            held = hold_variables(text, {b: sorted(set(n)) for b, n in bodies.items()}, first_line=0)
            copy = Path(self.tmp, f"held_{index}_{Path(self.originals[index]).name}")
            copy.write_text(held, encoding="latin-1")
            self.files[index] = str(copy)
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


def hold_async_loaded(design: ys.Design, copies: SourceCopies, read_commands) -> None:
    """After a read of `copies.files`: where slang dropped a variable that only an asynchronous
    load assigns, read again (`read_commands(files, incdirs)`) from copies that hold it. One
    that is still dropped is refused with its file and line: never read as `x`."""
    dropped = dropped_variables(design, copies.body)
    if not dropped:
        return
    copies.hold(dropped)
    ys.run_pass("design -reset", design)
    for command in read_commands(copies.files, copies.incdirs):
        ys.run_pass(command, design)
    loads_that_hold_as_enables(design)
    if still := dropped_variables(design, copies.body):
        d = min(still, key=lambda d: (d.file, d.body.line))
        raise UserError(f"{d.file}:{d.body.line}: the slang front end reads '{d.name}' as undriven, though this "
                        "always block assigns it; --frontend yosys reads it")
