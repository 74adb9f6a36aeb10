"""Checks of the design as read: the top, undefined modules, recursion that never ends; and
where an object came from in the user's source."""

from __future__ import annotations

import re

from pyosys import libyosys as ys

from rtlprune.errors import UserError
from yosys_passes.pyosys_util import plain


def src_location(obj) -> str:
    src = obj.get_src_attribute() if obj is not None else ""
    # "file.v:12.3-14.8" -> "file.v:12"; several locations are separated by "|".
    m = re.match(r"^(.*):(\d+)(?:\.\d+)?(?:-\d+(?:\.\d+)?)?$", src.split("|")[0])
    return f"{m[1]}:{m[2]}" if m else src


def pick_top(design: ys.Design, requested: str | None) -> str:
    modules = {plain(n): m for n, m in design.modules_.items()}
    real = {n: m for n, m in modules.items() if not m.get_blackbox_attribute()}
    if requested is not None:
        if requested not in modules:
            raise UserError(f"unknown top module '{requested}' (modules: {', '.join(sorted(real)) or 'none'})")
        if requested not in real:
            raise UserError(f"{src_location(modules[requested])}: top module '{requested}' is a blackbox: "
                            "there is no logic to prune")
        return requested
    used = {plain(c.type) for m in real.values() for c in m.cells_.values()}
    # yosys-slang names an instance's module `<module>$<top>.<path>`; it also elaborates the
    # module itself as a top of its own when an instance sets a parameter as `#5`, not `#(5)`
    used |= {u.split("$", 1)[0] for u in used if "$" in u[1:]}
    tops = sorted(n for n in real if n not in used)
    if len(tops) == 1:
        return tops[0]
    if not tops:
        raise UserError("no top module found: every module is instantiated by another; pass --top")
    raise UserError(f"ambiguous top: {', '.join(tops)} are not instantiated anywhere; pass --top")


def check_instances(design: ys.Design) -> None:
    known = {plain(n) for n in design.modules_}
    for module in design.modules_.values():
        for cell in module.cells_.values():
            t = cell.type.str()
            if not t.startswith("$") and plain(cell.type) not in known:
                raise UserError(
                    f"{src_location(cell)}: module '{plain(cell.type)}' (instance '{plain(cell.name)}') is not "
                    "defined; give its source, or declare it as a (* blackbox *) module"
                )


MAX_DEPTH = 128


def check_recursion(design: ys.Design, top: str, elaborated: bool) -> None:
    """Refuse a module that instantiates itself, directly or through others, in a way that never
    ends. Before `hierarchy` (`elaborated` False) only a recursion through instances that set no
    parameter is certain never to end; one that changes a parameter (a mux tree that halves N
    under a `generate if`) may end, and `hierarchy` then gives each level a module of its own,
    so a loop left after it (N/2 reaching a fixed point) never ends either."""
    modules = {plain(n): m for n, m in design.modules_.items()}
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(name: str, path: list[str]) -> None:
        state[name] = 1
        for cell in modules[name].cells_.values():
            child = plain(cell.type)
            if child not in modules:  # a Yosys cell, or an undefined module (check_instances)
                continue
            if not elaborated and cell.parameters:
                continue
            if len(path) > MAX_DEPTH:  # as slang and Verilator refuse an elaboration that keeps going
                raise UserError(f"{src_location(cell)}: module instantiation exceeded maximum depth of "
                                f"{MAX_DEPTH} (recursive instantiation?)")
            if state.get(child) == 1:
                loop = " -> ".join(plain_module_name(m) for m in [*path[path.index(child):], child])
                raise UserError(f"{src_location(cell)}: recursive instantiation that never ends: {loop}")
            if child not in state:
                visit(child, [*path, child])
        state[name] = 2

    visit(top, [top])


def plain_module_name(name: str) -> str:
    """`$paramod\\mux\\N=s32'...0001` (read_verilog's name for a specialisation) -> `mux`."""
    return name.split("\\")[1] if name.startswith("$paramod\\") else name
