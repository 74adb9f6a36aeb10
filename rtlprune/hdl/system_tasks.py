"""Carry $finish, $stop, $fatal, $error, $warning and $info through Yosys and back.

Yosys refuses these tasks outside `initial` blocks, yet simulation RTL uses them in `always`
blocks (Chisel's `stop()` and `assert` emit `$finish` and `$fatal` under `ifndef SYNTHESIS`).
Yosys's one cell for a simulation task is `$print`, so before reading, each such statement is
rewritten into a `$write` whose format string starts with a tag naming the task; the cone
treats the tagged `$print` cells as side effects like any other, and after `write_verilog` the
tags are turned back into the original tasks. Line numbers of the source are preserved, so
Yosys' messages still point at the user's file and line.
"""

from __future__ import annotations

import re

from rtlprune.errors import UserError
from yosys_passes.tasks import FINISHES, TASKS
from yosys_passes.tasks import TASK_TAG as _TAG

_STATEMENT = re.compile(r"\$(" + "|".join(TASKS) + r")\b")
# write_verilog's form of a tagged print: $write("@rtlprune:NAME[(N)]@BODY"ARGS);
_WRITTEN = re.compile(
    r'\$write\("' + re.escape(_TAG) + r"(?P<name>[a-z]+)(?:\((?P<code>\d+(?:'h[0-9a-fA-F]+)?)\))?"
    r'@(?P<body>(?:[^"\\\n]|\\.)*)"'
    r"(?P<args>[^\n;]*)\);"
)


def _skip_space(text: str, i: int) -> int:
    """Skip white space and comments from i."""
    while i < len(text):
        if text[i].isspace():
            i += 1
        elif text.startswith("//", i):
            end = text.find("\n", i)
            i = len(text) if end < 0 else end
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            i = len(text) if end < 0 else end + 2
        else:
            break
    return i


def _string_end(text: str, i: int) -> int:
    """Index just past the string literal that starts at text[i] == '"'."""
    j = i + 1
    while j < len(text) and text[j] != '"':
        j += 2 if text[j] == "\\" else 1
    return j + 1


def _call_arguments(text: str, i: int) -> tuple[list[str], int]:
    """The top-level, comma-separated arguments of the parenthesis at text[i]; index after ')'."""
    args, depth, start, j = [], 0, i + 1, i
    while j < len(text):
        c = text[j]
        if c == '"':
            j = _string_end(text, j)
            continue
        if text.startswith("//", j) or text.startswith("/*", j):
            j = _skip_space(text, j)
            continue
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
            if depth == 0:
                args.append(text[start:j].strip())
                return [a for a in args if a or len(args) > 1], j + 1
        elif c == "," and depth == 1:
            args.append(text[start:j].strip())
            start = j + 1
        j += 1
    raise ValueError("unterminated argument list")


def _tagged_write(name: str, args: list[str]) -> str:
    """The $write statement that stands for `$name(args);`."""
    code = ""
    if name == "fwrite":
        # Chisel's printf and assert messages: $fwrite(32'h80000002, "...", ...) to stderr (or
        # 32'h80000001, stdout). Only those descriptors: a file opened at run time is no print.
        if not args or not re.fullmatch(r"32'h8000000[12]", args[0].replace(" ", "")):
            raise ValueError("only $fwrite to stdout or stderr (32'h80000001, 32'h80000002) is supported")
        code, args = f"({args[0].replace(' ', '')})", args[1:]
        if not args:
            raise ValueError("$fwrite needs a message")
    if name in ("finish", "stop", "fatal") and args:
        if not re.fullmatch(r"\d+", args[0]):
            raise ValueError(f"the first argument of ${name} must be a number, not '{args[0]}'")
        code, args = f"({args[0]})", args[1:]
    if name in FINISHES and args:
        raise ValueError(f"${name} takes at most one argument")
    body, rest = "", ""
    if args:
        if not args[0].startswith('"'):
            raise ValueError(f"the message of ${name} must start with a string literal")
        body = args[0][1:-1]
        rest = "".join(f", {a}" for a in args[1:])
    return f'$write("{_TAG}{name}{code}@{body}"{rest});'


def to_prints(text: str, path: str) -> tuple[str, int]:
    """Rewrite every supported task statement of a Verilog source; return the text and count."""
    out, i, count = [], 0, 0
    while i < len(text):
        c = text[i]
        if c == '"':
            j = _string_end(text, i)
        elif text.startswith("//", i) or text.startswith("/*", i):
            j = _skip_space(text, i)
            j = j if j > i else i + 1
        elif c == "\\":  # escaped identifier: runs to white space
            m = re.compile(r"\\\S*").match(text, i)
            j = m.end()
        elif (c == "$" and (m := _STATEMENT.match(text, i))
              and not re.match(r"[\w$]", text[i - 1:i]) and not re.match(r"[\w$]", text[m.end():m.end() + 1])):
            line = text.count("\n", 0, i) + 1
            try:
                j = _skip_space(text, m.end())
                args: list[str] = []
                if j < len(text) and text[j] == "(":
                    args, j = _call_arguments(text, j)
                    j = _skip_space(text, j)
                if j >= len(text) or text[j] != ";":
                    raise ValueError("expected ';' after the call")
                j += 1
                replacement = _tagged_write(m[1], args)
            except ValueError as e:
                raise UserError(f"{path}:{line}: ${m[1]}: {e}") from None
            # Keep every newline of the original statement, so later lines keep their numbers.
            out.append(replacement + "\n" * text.count("\n", i, j))
            count += 1
            i = j
            continue
        else:
            j = i + 1
        out.append(text[i:j])
        i = j
    return "".join(out), count


def _restore(m: re.Match) -> str:
    name, code, body, args = m["name"], m["code"], m["body"], m["args"]
    if name not in TASKS:
        return m[0]
    if not body and not args:
        return f"${name}({code});" if code else f"${name};"
    lead = f"{code}, " if code else ""
    return f'${name}({lead}"{body}"{args});'


def from_prints(verilog: str) -> str:
    """Turn the tagged $write statements of write_verilog's output back into their tasks."""
    return _WRITTEN.sub(_restore, verilog)
