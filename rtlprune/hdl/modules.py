"""Modules as text: find, rename and drop module definitions, edit one instance's connections,
give a module the parameters a testbench's instance passes.

Lexical (no elaboration): enough for the harness and for Yosys-written or hand-written
Verilog-2001 modules."""

from __future__ import annotations

import re
from pathlib import Path

from rtlprune.errors import UserError
from rtlprune.hdl.lexer import blank_comments, tokens


def module_names(text: str) -> list[str]:
    """Names of the modules a source defines (escaped names without the backslash)."""
    names, prev = [], None
    for kind, s, e in tokens(text):
        if kind in ("comment", "string"):
            continue
        tok = text[s:e]
        if prev in ("module", "macromodule") and kind in ("ident", "escaped"):
            names.append(tok[1:] if kind == "escaped" else tok)
        prev = tok if kind == "ident" else None
    return names


def rename_modules(text: str, names: set[str], suffix: str) -> str:
    """Append `suffix` to every identifier in `names` (module definitions and instantiations),
    leaving comments and strings untouched."""
    out, pos = [], 0
    for kind, s, e in tokens(text):
        if kind == "ident" and text[s:e] in names:
            out += [text[pos:e], suffix]
            pos = e
        elif kind == "escaped" and text[s + 1:e] in names:
            out += [text[pos:e], suffix]
            pos = e
    out.append(text[pos:])
    return "".join(out)


def drop_modules(text: str, names: set[str]) -> str:
    """`text` without the definitions of the modules in `names` (from `module` to its
    `endmodule`, found outside comments and strings)."""
    clean = blank_comments(text)
    cuts, pos = [], 0
    pattern = re.compile(r"\b(?:macro)?module\s+\\?([A-Za-z_][A-Za-z0-9_$]*)")
    while m := pattern.search(clean, pos):
        end = re.compile(r"\bendmodule\b").search(clean, m.end())
        if end is None:
            break
        if m[1] in names:
            cuts.append((m.start(), end.end()))
        pos = end.end()
    out, pos = [], 0
    for s, e in cuts:
        out += [text[pos:s], "\n" * text.count("\n", s, e)]   # keep the line numbers of the rest
        pos = e
    out.append(text[pos:])
    return "".join(out)


_MODULE_KEYWORD = re.compile(r"\b(?:macro)?module\s+([A-Za-z_][\w$]*)")


def _definition_at(clean: str, line: int) -> re.Match | None:
    """The `module NAME` of the definition at `line` (where its name or its keyword stands)."""
    line_start = sum(len(t) for t in clean.splitlines(keepends=True)[:line - 1])
    line_end = clean.find("\n", line_start)
    found = list(_MODULE_KEYWORD.finditer(clean[:line_end if line_end >= 0 else len(clean)]))
    return found[-1] if found else None


def blank_definition_at(text: str, line: int) -> str:
    """`text` with the module defined at `line` turned to spaces, line breaks kept: the rest of
    the file keeps its lines and columns."""
    clean = blank_comments(text)
    definition = _definition_at(clean, line)
    if definition is None:
        return text
    start = definition.start()
    end = re.compile(r"\bendmodule\b").search(clean, start)
    stop = end.end() if end else len(text)
    return text[:start] + re.sub(r"[^\n]", " ", text[start:stop]) + text[stop:]


def module_at(path: str, line: int) -> str | None:
    """The name of the module whose definition holds `line` of file `path` (lexically)."""
    try:
        definition = _definition_at(blank_comments(Path(path).read_text(encoding="latin-1")), line)
    except OSError:
        return None
    return definition[1] if definition else None


def first_definition(sources: list[str], where: str) -> str:
    """`file:line` of the first definition, in the order of `sources`, of the module defined at
    `where` (`file:line`), as Verilator takes the first; `where` itself if none is found."""
    file, _, line = where.rpartition(":")
    try:
        definition = _definition_at(blank_comments(Path(file).read_text(encoding="latin-1")), int(line))
    except (OSError, ValueError):
        return where
    if definition is None:
        return where
    pattern = re.compile(r"\b(?:macro)?module\s+" + re.escape(definition[1]) + r"\b")
    for source in sources:
        try:
            clean = blank_comments(Path(source).read_text(encoding="latin-1"))
        except OSError:
            continue
        if m := pattern.search(clean):
            return f"{source}:{clean.count(chr(10), 0, m.start()) + 1}"
    return where


def matching_paren(text: str, open_pos: int) -> int:
    depth = 0
    for i in range(open_pos, len(text)):
        c = text[i]
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return i
    raise UserError("unbalanced parentheses in an instance")


def disconnect_instance_ports(text: str, module: str, instance: str, ports: set[str]) -> str:
    """Rewrite `module [#(...)] instance (...)` so the named ports are left unconnected
    (`.port()`). Raises if the instance or one of the ports is not found."""
    clean = blank_comments(text)          # the same offsets as `text`
    m = re.search(r"\b" + re.escape(module) + r"\b\s*(#\s*\()?", clean)
    while m:
        pos = m.end()
        if m.group(1):
            pos = matching_paren(clean, pos - 1) + 1
        im = re.compile(r"\s*" + re.escape(instance) + r"\s*\(").match(clean, pos)
        if im:
            start = im.end() - 1
            end = matching_paren(clean, start)
            conns = clean[start:end + 1]
            done = set()

            def repl(cm, done=done):
                if cm.group(1) in ports:
                    done.add(cm.group(1))
                    return f".{cm.group(1)}()"
                return cm.group(0)

            new_conns = re.sub(r"\.\s*([A-Za-z_]\w*)\s*\(([^()]*(?:\([^()]*\)[^()]*)*)\)", repl, conns)
            missing = ports - done
            if missing:
                raise UserError(f"instance '{instance}' of '{module}' has no connection for {', '.join(sorted(missing))}")
            return text[:start] + new_conns + text[end + 1:]
        m = re.compile(r"\b" + re.escape(module) + r"\b\s*(#\s*\()?").search(clean, m.end())
    raise UserError(f"no instance '{instance}' of module '{module}' found in the harness")


def integer_literal(value: int) -> str:
    """`value` as Verilog reads it back exactly: plain decimal within a 32-bit integer, else
    sized (`32'd4294967295`; an unsized 4294967295 is a 32-bit signed -1, and slang refuses it
    in a -G)."""
    if -(1 << 31) <= value < (1 << 31):
        return str(value)
    if value > 0:
        return f"{max(32, value.bit_length())}'d{value}"
    return f"-{(-value).bit_length() + 1}'sd{-value}"


def declare_parameters(text: str, module: str, params: dict[str, int]) -> str:
    """`module` with a `#(parameter NAME = value, ...)` list for each of `params` it does not
    declare yet: rtlprune writes a module with its parameters resolved, which must still accept
    the `#(...)` of a testbench's instance. The values are those it was pruned with."""
    clean = blank_comments(text)
    m = re.search(r"\bmodule\s+(\\)?" + re.escape(module) + r"(?(1)\s|\b)", clean)
    if not m:
        raise UserError(f"module '{module}' not found")
    end = re.search(r"\bendmodule\b", clean[m.end():])
    body = clean[m.end(): m.end() + end.start() if end else len(clean)]
    declared = set(re.findall(r"\b(?:parameter|localparam)\b[^;=]*?\b([A-Za-z_]\w*)\s*=", body))
    new = {k: v for k, v in params.items() if k not in declared}
    if not new:
        return text
    own = re.match(r"\s*#\s*\(", clean[m.end():])
    items = ", ".join(f"parameter {k} = {integer_literal(v)}" for k, v in new.items())
    if own:   # the module has a parameter list already: extend it
        pos = m.end() + own.end()
        return text[:pos] + items + ", " + text[pos:]
    return text[:m.end()] + f" #({items})" + text[m.end():]
