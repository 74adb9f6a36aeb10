"""A module's ports read from its text: `Port`, the one port type (the flow's result, the drop-in
check and the visibility files use it), the ports with their widths, and the names in a header's
port list in their order."""

from __future__ import annotations

import re
from typing import NamedTuple

from rtlprune.errors import UserError
from rtlprune.hdl.lexer import blank_comments


class Port(NamedTuple):
    """A module port. A tuple, so that it is written to JSON as `[name, direction, width]`,
    as the report has always written the top's ports."""

    name: str
    direction: str      # input | output | inout
    width: int


def _module_body(text: str, module: str) -> str:
    clean = blank_comments(text)
    m = re.search(r"\bmodule\s+(\\)?" + re.escape(module) + r"(?(1)\s|\b)", clean)
    if not m:
        raise UserError(f"module '{module}' not found")
    end = re.search(r"\bendmodule\b", clean[m.end():])
    return clean[m.end(): m.end() + end.start() if end else len(clean)]


def _width(rng: str | None, params: dict[str, int], module: str, name: str) -> int:
    if not rng:
        return 1
    msb, lsb = rng.split(":", 1)
    try:
        hi = eval(msb, {"__builtins__": {}}, dict(params))   # noqa: S307 (numeric expressions only)
        lo = eval(lsb, {"__builtins__": {}}, dict(params))   # noqa: S307
    except Exception:
        raise UserError(f"module '{module}': cannot evaluate the range [{rng}] of port '{name}'") from None
    return abs(int(hi) - int(lo)) + 1


_DECL = re.compile(
    r"\b(input|output|inout)\b\s*(?:wire|reg|logic|signed|unsigned|\s)*"
    r"(?:\[\s*([^\]]+?)\s*\])?\s*((?:\\\S+|[A-Za-z_][A-Za-z0-9_$]*)(?:\s*,\s*(?!\s*(?:input|output|inout)\b)"
    r"(?:\\\S+|[A-Za-z_][A-Za-z0-9_$]*))*)")


def module_ports(text: str, module: str) -> list[Port]:
    """The ports of `module` in declaration order, with their widths (ANSI or non-ANSI style;
    ranges may use the module's integer parameters and localparams)."""
    # functions and tasks declare inputs of their own (write_verilog's $pmux functions)
    body = re.sub(r"\b(function|task)\b.*?\bend\1\b", " ", _module_body(text, module), flags=re.S)
    params: dict[str, int] = {}
    for pm in re.finditer(r"\b(?:parameter|localparam)\b(?:\s+integer)?\s+([A-Za-z_]\w*)\s*=\s*([^,;)]+)", body):
        try:
            params[pm.group(1)] = int(eval(pm.group(2).replace("$clog2", "_clog2"),  # noqa: S307
                                           {"__builtins__": {}, "_clog2": lambda v: max(0, (int(v) - 1).bit_length())},
                                           dict(params)))
        except Exception:
            pass
    ports: dict[str, Port] = {}
    for dm in _DECL.finditer(body):
        direction, rng, names = dm.group(1), dm.group(2), dm.group(3)
        for name in re.split(r"\s*,\s*", names.strip()):
            name = name.strip()
            if name and name not in ports:
                ports[name] = Port(name, direction, _width(rng, params, module, name))
    if not ports:
        raise UserError(f"module '{module}': no ports found")
    return list(ports.values())


_IDENT = re.compile(r"\\\S+|[A-Za-z_][A-Za-z0-9_$]*")


def _matching(text: str, i: int) -> int:
    """Index just past the bracket that closes the one at text[i]."""
    depth = 0
    for j in range(i, len(text)):
        if text[j] in "([{":
            depth += 1
        elif text[j] in ")]}":
            depth -= 1
            if depth == 0:
                return j + 1
    return len(text)


def header_port_names(text: str, module: str) -> list[str] | None:
    """The names in `module`'s header port list (ANSI or not), or None if it cannot be read."""
    text = re.sub(r"\(\*.*?\*\)", " ", blank_comments(text), flags=re.S)
    m = re.search(r"\bmodule\s+(?:automatic\s+|static\s+)?" + re.escape(module) + r"(?![\w$])", text)
    if not m:
        return None
    i = m.end()
    while i < len(text) and text[i].isspace():
        i += 1
    if text.startswith("import", i):  # package imports before the parameters
        i = text.find(";", i) + 1
        while i < len(text) and text[i].isspace():
            i += 1
    if text.startswith("#", i):
        i = text.find("(", i)
        i = _matching(text, i)
        while i < len(text) and text[i].isspace():
            i += 1
    if not text.startswith("(", i):
        return None
    body = text[i + 1:_matching(text, i) - 1]
    items, depth, start = [], 0, 0
    for j, c in enumerate(body):
        depth += c in "([{"
        depth -= c in ")]}"
        if c == "," and depth == 0:
            items.append(body[start:j])
            start = j + 1
    items.append(body[start:])
    names = []
    for item in items:
        item = re.sub(r"\[[^\]]*\]", " ", item.split("=")[0])
        if "." in item.replace("\\", "") or "`" in item:
            return None  # port expressions and macros: not a plain list
        found = _IDENT.findall(item)
        if found:
            names.append(found[-1].lstrip("\\"))
    return names
