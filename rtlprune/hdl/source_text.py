"""The source's own text of the modules that pruning leaves whole.

Verilator runs the source's text faster than anything write_verilog makes of the same logic
(Chisel's stencil, docs/benchmarks.md), so an instance the cone left whole is not flattened
and rewritten: the output instantiates it, and carries its module's text as Verilator itself
preprocesses the sources (`verilator -E --pp-comments`: the same defines and include
directories, `SYNTHESIS` undefined, macros expanded, comments and metacomments kept, and `line
directives, so that Verilator names the user's file and line as it does for the original).

Sound by construction: the kept text is the original module, and the rest of the design sees
the instance as a blackbox whose outputs may depend on every input (the cone keeps all of
them). Only modules whose text means the same wherever it is pasted are eligible: no
parameters (slang names each specialisation its own way), no delays or time functions (the
output has no `timescale), no hierarchical references to outside, and nothing from a package
or interface. A design whose preprocessed text holds anything but modules is not split at all;
when nothing at all was removed, the output is the whole preprocessed text, whatever it holds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rtlprune import verilator
from rtlprune.hdl.lexer import blank_comments

# The line before the text of the instances kept whole, in an output Yosys wrote the rest of.
SOURCE_TEXT_MARK = "// The source's own text of the modules rtlprune kept whole (verilator -E)"
_MODULE = re.compile(r"^[ \t]*(?:module|macromodule)\s+([A-Za-z_][A-Za-z0-9_$]*)\b", re.M)
_END = re.compile(r"\bendmodule\b(?:\s*:\s*[A-Za-z_][A-Za-z0-9_$]*)?")
# What may stand between modules in the preprocessed text.
_BETWEEN = re.compile(r"`(?:timescale[^\n]*|default_nettype\s+\w+|resetall|celldefine|endcelldefine|line[^\n]*)")
# Verilator -E marks where each stretch of text came from, so its messages (and the C++ it makes
# of assertions) name the user's file and line, as with the original.
_LINE = re.compile(r'^`line\s+(\d+)\s+("[^"\n]*")\s+\d+[ \t]*$', re.M)
# In a module, any of these makes its text mean something else elsewhere (or needs what is not pasted).
_NOT_PORTABLE = re.compile(r"#|`|\bparameter\b|\$(?:time|stime|realtime|printtimescale|timeformat|root|unit)\b"
                           r"|\bimport\b|\bbind\b|\binterface\b|\bdefparam\b|::")


@dataclass
class SourceText:
    """The preprocessed sources, whole, and by module for the modules that can be pasted alone."""

    full: str = ""                  # everything, as Verilator reads it (comments kept: metacomments matter)
    modules: dict[str, str] = field(default_factory=dict)
    reason: str = ""                # why nothing (full == "") or no module alone is available
    _closures: dict = field(default_factory=dict, repr=False, compare=False)  # asked once per instance

    def text_of(self, names: list[str]) -> str:
        return "\n".join(self.modules[n].rstrip() + "\n" for n in names)

    def closure(self, name: str) -> list[str] | None:
        """`name` and every module its text instantiates, through any depth; None when one of
        them has no portable text (or is not defined in the sources at all)."""
        if name not in self._closures:
            self._closures[name] = self._closure(name)
        return self._closures[name]

    def _closure(self, name: str) -> list[str] | None:
        seen: list[str] = []
        todo = [name]
        while todo:
            n = todo.pop()
            if n in seen:
                continue
            if n not in self.modules:
                return None
            seen.append(n)
            todo += [m for m in instantiated(self.modules[n]) if m != n]
        return sorted(seen)


_KEYWORDS = frozenset("""always always_comb always_ff always_latch assign assert assume begin case casex casez
cover default else end endcase endfunction endgenerate endtask for forever function generate genvar if
initial inout input integer localparam logic module output parameter real reg repeat return signed task
typedef unsigned while wire wor wand tri supply0 supply1 bit byte int shortint longint
and or not nand nor xor xnor buf bufif0 bufif1 notif0 notif1 pullup pulldown""".split())
# `type name (` or `type name [range] (` at the start of a statement: an instance, when type names a module.
_INSTANCE = re.compile(r"(?:^|[;\n])\s*([A-Za-z_][A-Za-z0-9_$]*)\s+([A-Za-z_][A-Za-z0-9_$]*)\s*(?:\[[^\]]*\]\s*)?\(")


def instantiated(module_text: str) -> set[str]:
    """Names the text instantiates (a keyword or a gate primitive is never a module name)."""
    module_text = blank_comments(module_text)
    body = module_text[module_text.find(";") + 1:]  # after the header, whose ports are no instances
    return {m[1] for m in _INSTANCE.finditer(body) if m[1] not in _KEYWORDS}


def _where(text: str, pos: int) -> str:
    """The `line directive that puts the text starting at `pos` (a line's start, or within its
    first line) at its place in the user's file; "" when the text has none."""
    lines = list(_LINE.finditer(text, 0, pos))
    last = lines[-1] if lines else None
    if last is None:
        return ""
    line_start = text.rfind("\n", 0, pos) + 1
    line = int(last[1]) + text.count("\n", last.end() + 1, line_start)
    return f"`line {line} {last[2]} 0\n"


def split_modules(text: str) -> tuple[dict[str, str], str]:
    """The modules of preprocessed text, and what lies outside them (directives and comments
    removed). Found in a copy without comments; cut from `text`, comments and all."""
    bare = blank_comments(text)
    modules: dict[str, str] = {}
    outside: list[str] = []
    pos = 0
    duplicated: set[str] = set()
    while True:
        m = _MODULE.search(bare, pos)
        if m is None:
            outside.append(bare[pos:])
            break
        outside.append(bare[pos:m.start()])
        end = _END.search(bare, m.end())
        if end is None:
            return {}, "a module without endmodule"
        if _MODULE.search(bare, m.end(), end.start()):
            return {}, "nested modules"
        if m[1] in modules:
            duplicated.add(m[1])
        modules[m[1]] = _where(text, m.start()) + text[m.start():end.end()]
        pos = end.end()
    for name in duplicated:
        del modules[name]
    rest = _BETWEEN.sub("", "".join(outside))
    return modules, rest.strip()


def read_source_text(sources: list[str], defines: list[str], incdirs: list[str]) -> SourceText:
    """The sources as Verilator preprocesses them, split into portable modules."""
    if not sources:
        return SourceText(reason="no Verilog sources")
    if not verilator.available():
        return SourceText(reason=verilator.found().describe())
    proc = verilator.run(["-E", "--pp-comments", *(f"+define+{d}" for d in defines), *(f"+incdir+{i}" for i in incdirs),
                          *sources], encoding="latin-1")  # latin-1: every byte of a string survives
    if proc.returncode != 0:
        return SourceText(reason="verilator -E failed: " + (proc.stderr.strip().splitlines() or ["?"])[0])
    modules, rest = split_modules(proc.stdout)
    if rest:
        return SourceText(proc.stdout, reason=f"the sources hold more than modules ({rest.split()[0]} ...)")
    return SourceText(proc.stdout, {n: t for n, t in modules.items()
                                    if not _NOT_PORTABLE.search(_LINE.sub("", blank_comments(t)))})


def with_top_parameters(text: str, top: str, parameters: list[str]) -> tuple[str, str]:
    """The preprocessed text with the defaults of the top's parameters set to `-G NAME=VALUE`'s
    values, so that the text alone means what the -G elaboration does; ("", why) when one of
    them has no plain declaration in the top's text (`parameter [type] NAME = default`)."""
    clean = blank_comments(text)
    start = re.search(r"^[ \t]*(?:module|macromodule)\s+" + re.escape(top) + r"\b", clean, re.M)
    if not start:
        return "", f"-G: the text has no module {top}"
    end = _END.search(clean, start.end())
    stop = end.start() if end else len(clean)
    edits = []
    for name, _, value in (p.partition("=") for p in parameters):
        span = _default_span(clean, start.end(), stop, name)
        if span is None:
            return "", f"-G {name}: no plain parameter declaration of it in {top}'s text"
        edits.append((*span, value))
    for s, e, value in sorted(edits, reverse=True):
        text = text[:s] + f" {value}" + text[e:]
    return text, ""


def _default_span(clean: str, start: int, stop: int, name: str) -> tuple[int, int] | None:
    """Where the default expression of parameter `name` lies (after `=`, up to the `,`, `)` or
    `;` that ends it), when the first assignment to `name` in clean[start:stop] is a declaration
    that the keyword `parameter` (not `localparam`) opens."""
    m = re.compile(r"(?<![.\w$])" + re.escape(name) + r"\s*=(?!=)").search(clean, start, stop)
    if not m:
        return None
    before = clean[start:m.start()]
    kw = list(re.finditer(r"\b(parameter|localparam)\b", before))
    if not kw or kw[-1][1] != "parameter" or ";" in before[kw[-1].end():]:
        return None
    depth, i = 0, m.end()
    while i < stop:
        c = clean[i]
        if c in "([{":
            depth += 1
        elif c in ")]}":
            if depth == 0:
                break
            depth -= 1
        elif c in ",;" and depth == 0:
            break
        i += 1
    return m.end(), i
