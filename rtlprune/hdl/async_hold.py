"""A variable held by its own always block, written out: `r <= r;` first in the block's body.

yosys-slang builds a flip-flop only for a variable that the clocked branch of an always block
with an asynchronous load assigns; one that only the asynchronous branch assigns (its clocked
assignment sits under a condition that folds to 0) is left undriven and read as `x`, where
Verilator holds the loaded value (../shared/fuzz-findings/slang_async_reset_only_ff). A
self-assignment at the start of the body changes nothing in the block's meaning (a later
assignment of the same step wins; without one the variable keeps its value) and gives the
clocked branch an assignment of the variable. slang takes the statements before the block's
`if` for its prologue, which both branches inherit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rtlprune.hdl.lexer import blank_comments

_BEGIN = re.compile(r"begin\b(\s*:\s*[A-Za-z_][\w$]*)?")
_AFTER_BEGIN = re.compile(r"\bbegin(\s*:\s*[A-Za-z_][\w$]*)?\s*$")


@dataclass(frozen=True)
class BodyRange:
    """An always block's body as a front end's source location gives it: 1-based lines and
    columns, the end column one past the last character."""

    line: int
    column: int
    end_line: int
    end_column: int


def assigns(body: str, name: str) -> bool:
    """`body` has what reads as an assignment to `name` (or to a part of it)."""
    pattern = rf"(?<![\w$.\\]){re.escape(name)}\s*(?:\[[^\]]*\]\s*)*<?=(?!=)"
    return re.search(pattern, blank_comments(body)) is not None


def _offset(lines: list[str], line: int, column: int) -> int:
    return sum(len(text) for text in lines[:line - 1]) + column - 1


def body_text(text: str, where: BodyRange) -> str:
    """The body `where` (lines of `text`) names in `text`."""
    lines = text.splitlines(keepends=True)
    return text[_offset(lines, where.line, where.column):_offset(lines, where.end_line, where.end_column)]


def hold_variables(text: str, bodies: dict[BodyRange, list[str]]) -> str:
    """`text` with `name <= name;` first in each body for each of its names: inside its
    `begin` (after a label) where the body is a block, else in a block of its own. A front end
    may give a block's one statement for the body: then the block is the one it stands in."""
    lines = text.splitlines(keepends=True)
    blanked = blank_comments(text)
    for where in sorted(bodies, key=lambda b: (b.line, b.column), reverse=True):  # later edits first
        start = _offset(lines, where.line, where.column)
        end = _offset(lines, where.end_line, where.end_column)
        holds = " ".join(f"{n} <= {n};" for n in bodies[where])
        if begin := _BEGIN.match(blanked, start):
            text = f"{text[:begin.end()]} {holds}{text[begin.end():]}"
        elif _AFTER_BEGIN.search(blanked, 0, start):
            text = f"{text[:start]}{holds} {text[start:]}"
        else:
            text = f"{text[:start]}begin {holds} {text[start:end]} end{text[end:]}"
    return text
