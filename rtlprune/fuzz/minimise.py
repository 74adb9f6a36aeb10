"""Shrink a failing design to a small reproducer (delta debugging over lines and the spec).

A candidate is kept when Verilator still reads it without error and without a new kind of
warning (so every reproducer is legal Verilog with the meaning it had: no net left undriven, no
port left open, no implicit wire) and the same oracle still fails on it. Module
headers (`module ... );`) and `endmodule` lines stay, so the ports the oracles drive stay too.
The budget bounds the time spent: a reproducer is written when it runs out, shrunk or not.
"""

from __future__ import annotations

import re
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from rtlprune import verilator as vlt
from rtlprune.fuzz.random_designs import RandomDesign


@dataclass
class Shrunk:
    design: RandomDesign
    trials: int
    lines_before: int
    lines_after: int
    complete: bool             # False: the budget ran out before a pass removed nothing


def _protected(lines: list[str]) -> set[int]:
    """Indices of lines that are module headers or endmodule."""
    keep, in_header = set(), False
    for i, line in enumerate(lines):
        stripped = line.strip()
        if stripped.startswith("module "):
            in_header = True
        if in_header or stripped.startswith("endmodule"):
            keep.add(i)
        if in_header and stripped.endswith(");"):
            in_header = False
    return keep


# Warnings a removal may add without changing what the rest means.
HARMLESS = {"UNUSEDSIGNAL", "UNUSEDPARAM", "UNUSEDGENVAR", "UNUSED"}
_CODE = re.compile(r"^%Warning-([A-Z0-9_]+):", re.MULTILINE)


def warnings(text: str, top: str) -> set[str] | None:
    """The codes of Verilator's -Wall warnings on `text`, or None if it does not elaborate."""
    with tempfile.TemporaryDirectory(prefix="rtlprune_min_") as tmp:
        path = Path(tmp) / "design.v"
        path.write_text(text)
        proc = vlt.lint([str(path)], top, ["-Wall", "-Wno-fatal"])
        return set(_CODE.findall(proc.stderr)) if proc.returncode == 0 else None


def legal(text: str, top: str, baseline: set[str] = frozenset()) -> bool:
    """Verilator elaborates it, with no kind of warning the starting design did not have but
    unused signals: a removal that leaves a net undriven, a port unconnected or a name
    implicitly declared changes the meaning (x, z, one bit) and the failure with it."""
    found = warnings(text, top)
    return found is not None and found <= set(baseline) | HARMLESS


_ASSIGN = re.compile(r"^(\s*assign\s+[^=]+?=\s*)(.+);\s*$")


def minimise(design: RandomDesign, fails: Callable[[RandomDesign], bool], budget_s: float = 300.0) -> Shrunk:
    """The smallest variant of `design` found within the budget on which `fails` still holds:
    first the spec (each --keep, each --drop); then, repeated while a round changes something,
    each `assign` driven by '0 instead, and chunks of removable lines, halving the chunk size
    down to single lines."""
    deadline = time.monotonic() + budget_s
    trials = 0
    lines = design.text.splitlines()
    before = len(lines)

    baseline = warnings(design.text, design.top) or set()

    def still_fails(candidate: RandomDesign) -> bool:
        nonlocal trials
        trials += 1
        return legal(candidate.text, candidate.top, baseline) and fails(candidate)

    current = design
    for field in ("keep", "drop"):
        for item in list(getattr(current, field)):
            if time.monotonic() > deadline:
                break
            rest = [x for x in getattr(current, field) if x != item]
            if field == "drop" and not rest:
                continue  # a spec that drops nothing has nothing to be wrong about
            candidate = replace(current, **{field: rest})
            if still_fails(candidate):
                current = candidate

    def accept(new_lines: list[str]) -> bool:
        """Take the variant with these lines if it still fails."""
        nonlocal current, lines
        candidate = replace(current, text="\n".join(new_lines) + "\n")
        if not still_fails(candidate):
            return False
        current, lines = candidate, new_lines
        return True

    def removable() -> list[int]:
        protected = _protected(lines)
        return [i for i in range(len(lines)) if i not in protected and lines[i].strip()]

    complete = False
    while time.monotonic() < deadline:
        changed = False
        # Constant drivers first: a net driven by '0 keeps the rest legal (nothing undriven),
        # and the logic that only fed it becomes removable.
        for i, line in enumerate(list(lines)):
            m = _ASSIGN.match(line)
            if m and m[2].strip() != "'0" and time.monotonic() < deadline:
                changed |= accept(lines[:i] + [f"{m[1]}'0;"] + lines[i + 1:])
        candidates = removable()
        chunk = max(1, len(candidates) // 2)
        while chunk >= 1 and time.monotonic() < deadline:
            start = 0
            while start < len(candidates) and time.monotonic() < deadline:
                drop = set(candidates[start:start + chunk])
                if accept([l for i, l in enumerate(lines) if i not in drop]):
                    changed, candidates = True, removable()
                else:
                    start += chunk
            chunk //= 2
        if not changed:
            complete = True
            break
    return Shrunk(current, trials, before, len(lines), complete)
