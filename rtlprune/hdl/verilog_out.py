"""The last edits of the Verilog that write_verilog wrote, before it reaches the user.

- Tagged $write statements become the $finish/$fatal/... they stand for (`system_tasks`).
- String bytes >= 0x80 are written as one octal escape each (write_verilog's are wrong).
- Literals wider than Verilator's limit (65,536 bits) become a replication or a concatenation.
- `// synopsys parallel_case` goes: Verilator turns each into a run-time one-hot check of the
  case select (VL_ONEHOT_I, a quarter of the simulation time of a pruned VTA). Without the
  pragma a `casez` takes its first matching item, which is what Verilator executes with it
  too; Yosys makes $pmux cells only of mutually exclusive selects, so the check never fires.
- A latch ($dlatch, written `always @* if (en) q = d;`) is one the source has; Verilator warns
  of it in that form (LATCH) where it did not in the source's (a case that covers only some
  values, picorv32's `mem_la_wdata`), so each is written between lint_off and lint_on.
- A wire a print reads is marked `/*verilator public_flat_rd*/`: Verilator 5.048 inlines the
  wire's expression into the print and then loses its width (`$signed(product)` of a 12-bit
  product of two 12-bit inputs printed 406208 where the source prints 704; fuzz seed 247).
  A public wire keeps its own width; prints are rare, so the cost is nil.
- The whole text lies between `lint_off` and `lint_on` of WIDTH and CASEOVERLAP: write_verilog's
  own idioms (`! state` of a 2-bit state, a $pmux as a casez whose items overlap and are
  taken in order) draw them, and cocotb's Verilator build, like Verilator's default, makes a
  warning fatal where the source drew none.
- A run of the same bit in a concatenation, `{ s, s, s, s }` (write_verilog's form of a select
  widened to a mask, `{32{sel}} & data`, everywhere in XuanTie E902), becomes a replication
  `{ {4{s}} }`: Verilator builds the former one shift-and-or per bit, the latter at once.
"""

from __future__ import annotations

import re
from pathlib import Path

from rtlprune.hdl.system_tasks import from_prints

PARALLEL_CASE = " // synopsys parallel_case"
_WRITER_WARNINGS = ("WIDTH", "CASEOVERLAP")  # what write_verilog's idioms draw from Verilator (see above)
WRITER_LINT_OFF = "".join(f"// verilator lint_off {w}\n" for w in _WRITER_WARNINGS)
WRITER_LINT_ON = "".join(f"// verilator lint_on {w}\n" for w in _WRITER_WARNINGS)
# write_verilog escapes a string byte >= 0x80 as the octal of its sign-extended 32-bit value
# (0xe9 -> \37777777751), which Verilog reads as \377 followed by digits: back to one byte.
_WIDE_OCTAL = re.compile(r"\\37777777([67][0-7]{2})")


def _byte_escape(m: re.Match) -> str:
    return "\\%03o" % (int(m[1], 8) & 0xFF)


# Verilator refuses a literal wider than 65,536 bits (a dropped output that wide is tied to one).
_MAX_LITERAL = 65536
_CHUNK = 16384
_WIDE_LITERAL = re.compile(r"\b(\d{5,})'h([0-9a-f]+)\b")


def _split_literal(m: re.Match) -> str:
    width = int(m[1])
    if width <= _MAX_LITERAL:
        return m[0]
    value = int(m[2], 16)
    if value == 0:  # replications of at most 8,192 (Verilator's --replication-limit), nested
        blocks, rest = divmod(width, 8192)
        parts = [f"{{{blocks}{{{{8192{{1'b0}}}}}}}}"] if blocks else []
        parts += [f"{{{rest}{{1'b0}}}}"] if rest else []
        return "{ " + ", ".join(parts) + " }"
    chunks = []
    for low in range(0, width, _CHUNK):
        bits = min(_CHUNK, width - low)
        chunks.append(f"{bits}'h{(value >> low) & ((1 << bits) - 1):x}")
    return "{ " + ", ".join(reversed(chunks)) + " }"


# write_verilog's form of a $dlatch: an `if` without `else` in an `always @*`.
_LATCH = re.compile(r"^  always @\*\n    if \(.*\) [^\n]* = [^\n]*;\n", re.MULTILINE)


def _quiet_latch(m: re.Match) -> str:
    return f"  // verilator lint_off LATCH\n{m[0]}  // verilator lint_on LATCH\n"


_PRINT = re.compile(r"\$(?:write|display|fwrite|fdisplay|strobe|error|warning|info|fatal)\s*\((.*)\);")
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_NAME = re.compile(r"(?<![$'\w])(\\\S+|[A-Za-z_][A-Za-z0-9_$]*)")
_WIRE = re.compile(r"^(  wire (?:signed )?(?:\[\d+:\d+\] )?)(\\\S+ |[A-Za-z_][A-Za-z0-9_$]*);$", re.MULTILINE)
PUBLIC = "/*verilator public_flat_rd*/"


def _public_print_arguments(text: str) -> str:
    names = set()
    for m in _PRINT.finditer(text):
        names.update(n.rstrip() for n in _NAME.findall(_STRING.sub("", m[1])))
    return _WIRE.sub(lambda w: f"{w[1]}{w[2]}{PUBLIC};" if w[2].rstrip() in names else w[0], text)


# One item of a write_verilog concatenation: a (possibly escaped) name with an optional bit or
# part select, or a sized constant; items are joined by ", " inside "{ " and " }".
_ITEM = re.compile(r"(?:\\\S+ |[A-Za-z_][A-Za-z0-9_$]*)(?:\[\d+(?::\d+)?\])?|\d+'[hbd][0-9a-fA-FxXzZ?]+")


def replicate_runs(text: str) -> str:
    out, pos = [], 0
    start = text.find("{ ")
    while start >= 0:
        items, i = [], start + 2
        while True:
            m = _ITEM.match(text, i)
            if not m:
                items = None
                break
            items.append(m[0])
            i = m.end()
            if text.startswith(", ", i):
                i += 2
            elif text.startswith(" }", i) or (m[0].endswith(" ") and text.startswith("}", i)):
                i += 1 if m[0].endswith(" ") and text.startswith("}", i) else 2
                break
            else:
                items = None
                break
        if items and any(a == b for a, b in zip(items, items[1:])):
            runs = []
            for item in items:
                if runs and runs[-1][0] == item:
                    runs[-1][1] += 1
                else:
                    runs.append([item, 1])
            # an escaped name keeps the space that ends it, alone or replicated
            parts = [f"{{{n}{{{item}}}}}" if n > 1 else item for item, n in runs]
            out += [text[pos:start], "{ ", ", ".join(parts), " }"]
            pos = i
            start = text.find("{ ", i)
        else:
            start = text.find("{ ", start + 2)
    out.append(text[pos:])
    return "".join(out)


def finish_verilog(path: Path) -> None:
    """Apply the edits above to the file in place."""
    text = path.read_text(encoding="latin-1")
    text = _WIDE_OCTAL.sub(_byte_escape, from_prints(text).replace(PARALLEL_CASE, ""))
    text = _WIDE_LITERAL.sub(_split_literal, text)
    text = _LATCH.sub(_quiet_latch, text)
    text = _public_print_arguments(text)
    text = replicate_runs(text)
    path.write_text(WRITER_LINT_OFF + text + WRITER_LINT_ON, encoding="latin-1")
