"""The drop-in promise, checked independently of Yosys: parse the Verilog rtlprune wrote with
pyverilog (a Verilog-2005 parser of its own) and compare the top module's ports, in order, with
their directions and widths, against the original's as the Yosys front end read them.

Yosys writes the output, so a check by Yosys would share its mistakes; a second parser does
not. The original may be SystemVerilog, which pyverilog does not read, so its side comes from
the worker (`FlowResult.ports`). Only the top module's header and port declarations are parsed:
write_verilog declares everything before the first statement, and the statements (which may
hold SystemVerilog `assert`, outside pyverilog's grammar) say nothing about the interface.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import tempfile
from pathlib import Path

from rtlprune.errors import ToolError
from rtlprune.hdl.ports import Port
from rtlprune.user_cache import cache_dir


def _value(node) -> int:
    return int(node.value.split("'")[-1].lstrip("dD"), 10) if "'" in node.value else int(node.value)


def interface_text(verilog: str, top: str) -> str:
    """Module `top`'s header and port declarations, as a module of their own."""
    name = re.escape(top if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_$]*", top) else f"\\{top} ")
    m = re.search(rf"^module {name}\s*\(.*?\);$", verilog, re.M | re.S)
    if not m:
        return ""
    end = verilog.find("\nendmodule", m.end())
    body = verilog[m.end(): end if end >= 0 else len(verilog)]
    # Module-level declarations only: write_verilog indents them by two spaces, and the inputs of
    # the functions it writes inside the module by more.
    decls = [line for line in body.splitlines() if re.match(r"  (input|output|inout)\b", line)]
    return "\n".join([m[0], *decls, "endmodule", ""])


def _parser():
    """pyverilog's parser with its LALR tables from the cache: making them takes 1.5 s, longer
    than the rest of pruning a small design. (pyverilog's own table file is looked up as a
    module on sys.path, so it is never found again.) A table file is written under a temporary
    name and renamed, so a parallel run never reads half of one; anything wrong with it, and
    the tables are made as pyverilog makes them, and the file is made again next time."""
    import pyverilog
    from ply import yacc
    from pyverilog.vparser.lexer import VerilogLexer
    from pyverilog.vparser.parser import VerilogParser

    parser = VerilogParser.__new__(VerilogParser)
    parser.lexer = VerilogLexer(error_func=parser._lexer_error_func)
    parser.lexer.build()
    parser.tokens = parser.lexer.tokens
    tables = cache_dir("pyverilog") / f"parsetab-{pyverilog.__version__}-ply{yacc.__version__}.pickle"
    try:
        tables.parent.mkdir(parents=True, exist_ok=True)
        fresh = not tables.exists()
        target = tables.with_name(f".{tables.name}.{os.getpid()}") if fresh else tables
        parser.parser = yacc.yacc(module=parser, method="LALR", debug=False, write_tables=False,
                                  picklefile=str(target), errorlog=yacc.NullLogger())
        if fresh:
            os.replace(target, tables)
        return parser
    except Exception:  # noqa: BLE001 - a cache is never a reason to fail
        with contextlib.suppress(OSError):
            tables.unlink(missing_ok=True)  # a bad table file is made again by the next run
        with tempfile.TemporaryDirectory(prefix="rtlprune_pyverilog_") as tmp:
            return VerilogParser(outputdir=tmp, debug=False)


def written_ports(path: Path, top: str) -> list[Port]:
    """The ports of module `top` in `path`, in port-list order."""
    from pyverilog.vparser.parser import ParseError

    text = interface_text(path.read_text(encoding="latin-1"), top)
    if not text:
        raise ToolError(f"no module '{top}' in the written Verilog; nothing was written")
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            ast = _parser().parse(text, debug=False)
    except ParseError as e:
        raise ToolError(f"the written interface of '{top}' does not parse: {e}; "
                        "nothing was written") from None
    module = ast.description.definitions[0]
    declared: dict[str, tuple[str, int]] = {}
    for item in module.items:
        if type(item).__name__ != "Decl":
            continue
        for decl in item.list:
            kind = type(decl).__name__
            if kind in ("Input", "Output", "Inout"):
                width = 1 if decl.width is None else abs(_value(decl.width.msb) - _value(decl.width.lsb)) + 1
                declared.setdefault(decl.name, (kind.lower(), width))
    ports = []
    for port in module.portlist.ports:
        name = getattr(port, "name", None) or port.first.name   # Port, or Ioport (ANSI)
        direction, width = declared[name]
        ports.append(Port(name[1:].strip() if name.startswith("\\") else name, direction, width))
    return ports


def check_ports(path: Path, top: str, expected: list[Port]) -> None:
    """Raise ToolError unless the written module has exactly the original's ports."""
    got = written_ports(path, top)
    if got != expected:
        diff = next((f"port {i + 1}: original {list(e)}, written {list(g)}" for i, (e, g) in enumerate(zip(expected, got))
                     if e != g), f"{len(expected)} ports in the original, {len(got)} written")
        raise ToolError(f"the written module '{top}' is not a drop-in replacement ({diff}); "
                        "nothing was written")
