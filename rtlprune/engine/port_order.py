"""The top's ports in the order its source declares them.

yosys-slang numbers a module's ports in an order of its own (for `clk, rst, a, b` it gave
`a, b, clk, rst`), and write_verilog writes them in that order: a testbench that connects the
DUT by position would be wired to the wrong ports of the output, silently where the widths
agree. The order of the module header's port list decides, as it does for an instance.
"""

from __future__ import annotations

import re
from pathlib import Path

from pyosys import libyosys as ys

from rtlprune.simulation.verilog import strip_comments

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
    text = re.sub(r"\(\*.*?\*\)", " ", strip_comments(text), flags=re.S)
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


def restore_port_order(module: ys.Module) -> bool:
    """Renumber `module`'s ports in its header's order; False if the header cannot be matched
    with the ports (the order is then left as the front end made it)."""
    ports = {w.name.str().lstrip("\\"): w for w in module.wires_.values() if w.port_id}
    srcs = {w.get_src_attribute().split("|")[0].rsplit(":", 1)[0] for w in ports.values()}
    srcs.discard("")
    if len(srcs) != 1:
        return False
    path = Path(srcs.pop())
    if not path.is_file():
        return False
    names = header_port_names(path.read_text(encoding="latin-1"), module.name.str().lstrip("\\"))
    if not names or sorted(names) != sorted(ports):
        return False
    for index, name in enumerate(names, start=1):
        ports[name].port_id = index
    module.fixup_ports()
    return True
