"""The bit-precise cone of influence over a design's hierarchy, without flattening it.

One backward walk per instance (a context), the flat cone's (`cone.py`): a bit that an
instance's output drives goes on in the instance, at that port bit; an input port bit of an
instance goes on in its parent, at the bit the instance connects there. So the needed bits are
the flat cone's, bit for bit, held per instance, and the design is never copied per instance:
a module's netlist is loaded once, each context holds only its needed bits.

Instances of one module whose cones are the same (the same needed bits, and their own instances
the same) share one cut copy of the module: `groups` says which.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field

from pyosys import libyosys as ys

from yosys_passes.cone import OBSERVED, Cone, Driver, _Walk, drivers, mark_root_cells, observed_wires, root_cells
from yosys_passes.cut import CutSummary, apply_cut
from yosys_passes.netlist import Netlist
from yosys_passes.pyosys_util import ident

FROM_PARENT = -3     # reason code: the bit is an output port bit the parent needs
FROM_INSTANCE = -4   # reason code: an instance cell needed for what the instance holds


@dataclass
class ModuleInfo:
    """What every context of a module shares."""

    netlist: Netlist
    driver: dict[int, Driver]
    extra_drivers: dict[int, list[Driver]]
    input_bits: dict[int, tuple[str, int]]     # input port bit -> (port, position)
    instances: list[int]                        # cells that are instances of walked modules
    roots: dict[int, str]                       # observed cells -> why
    max_bit: int

    def walk(self) -> _Walk:
        return _Walk(self.netlist, self.max_bit)


@dataclass
class Context:
    path: str                                   # instance path from the top ("" for the top)
    module: str
    walk: _Walk
    parent: int = -1                            # context index of the parent, -1 for the top
    cell: int = -1                              # index of this instance's cell in the parent
    children: dict[int, int] = field(default_factory=dict)   # cell index -> context index


@dataclass
class HierCone:
    top: str
    modules: dict[str, ModuleInfo]
    contexts: list[Context]

    def cone(self, index: int) -> Cone:
        """The cone of one context, in the form `cut.apply_cut` takes."""
        ctx = self.contexts[index]
        info = self.modules[ctx.module]
        w = ctx.walk
        return Cone(info.netlist, w.needed, w.bit_reason, w.cell_reason, info.roots,
                    w.memory_read_ports, w.memory_columns)

    def signature(self, index: int, child_groups: dict[int, int]) -> tuple:
        ctx = self.contexts[index]
        w = ctx.walk
        cells = bytes(r != -2 for r in w.cell_reason)
        memories = tuple(sorted((k, tuple(sorted(v))) for k, v in w.memory_columns.items()))
        ports = tuple(sorted((k, tuple(sorted(v))) for k, v in w.memory_read_ports.items()))
        children = tuple(sorted((ci, child_groups[c]) for ci, c in ctx.children.items()))
        return ctx.module, bytes(w.needed), cells, memories, ports, children

    def groups(self) -> list[list[int]]:
        """Contexts that can share one cut module, each group in one list (its module first
        met in a depth-first walk from the top); children before parents."""
        group_of: dict[int, int] = {}
        by_signature: dict[tuple, int] = {}
        members: list[list[int]] = []
        for index in self._post_order():
            sig = self.signature(index, group_of)
            g = by_signature.setdefault(sig, len(members))
            if g == len(members):
                members.append([])
            members[g].append(index)
            group_of[index] = g
        return members

    def _post_order(self) -> list[int]:
        order, stack = [], [(0, False)]
        while stack:
            index, done = stack.pop()
            if done:
                order.append(index)
                continue
            stack.append((index, True))
            stack.extend((c, False) for c in reversed(list(self.contexts[index].children.values())))
        return order


def module_info(netlist: Netlist, walked: frozenset[str], drop_prints: bool, drop_assertions: bool) -> ModuleInfo:
    driver, extra = drivers(netlist)
    inputs = {b: (port, pos) for port, (direction, bits) in netlist.ports.items()
              if direction in ("input", "inout") for pos, b in enumerate(bits) if type(b) is int}
    instances = [ci for ci, c in enumerate(netlist.cells) if c.type in walked]
    return ModuleInfo(netlist, driver, extra, inputs, instances,
                      root_cells(netlist, drop_prints, drop_assertions, walked), netlist.max_bit)


def compute_hier_cone(netlists: dict[str, Netlist], top: str, drop_prints: bool = False,
                      drop_assertions: bool = False) -> HierCone:
    walked = frozenset(n for n, m in netlists.items() if not _is_blackbox(m))
    modules: dict[str, ModuleInfo] = {}

    def info(name: str) -> ModuleInfo:
        if name not in modules:
            modules[name] = module_info(netlists[name], walked, drop_prints, drop_assertions)
        return modules[name]

    contexts = [Context("", top, info(top).walk())]
    index = 0
    while index < len(contexts):                # grows as instances are met: breadth first
        ctx = contexts[index]
        index += 1
        m = info(ctx.module)
        for ci in m.instances:
            cell = m.netlist.cells[ci]
            ctx.children[ci] = len(contexts)
            name = cell.name.lstrip("\\")
            contexts.append(Context(f"{ctx.path}.{name}" if ctx.path else name, cell.type,
                                    info(cell.type).walk(), index - 1, ci))
    for index, ctx in enumerate(contexts):
        mark_root_cells(ctx.walk, info(ctx.module).roots)
        if index == 0:
            observed = observed_wires(netlists[top])
        else:
            observed = [n for n, (_h, _b, a) in netlists[ctx.module].netnames.items() if "rtlprune_keep" in a]
        nl = netlists[ctx.module]
        for name in observed:
            ctx.walk.mark(nl.ports[name][1] if name in nl.ports else nl.netnames[name][1], OBSERVED)
        if index:   # an inout port is driven from both sides: kept whole, on both sides
            inouts = [p for p, (direction, _bits) in nl.ports.items() if direction == "inout"]
            parent = contexts[ctx.parent]
            connections = netlists[parent.module].cells[ctx.cell].inputs
            for port in inouts:
                ctx.walk.mark(nl.ports[port][1], OBSERVED)
                parent.walk.mark(connections.get(port, ()), ctx.cell)
    pending = deque(index for index, ctx in enumerate(contexts) if ctx.walk.stack)
    queued = set(pending)
    while pending:
        index = pending.popleft()
        queued.discard(index)
        for other in _drain(contexts, modules, index):
            if other not in queued:
                queued.add(other)
                pending.append(other)
    # an instance that holds something needed (a print, an inout port, a kept signal) is
    # needed itself, even where its parent reads none of its outputs
    for ctx in reversed(contexts[1:]):          # children before parents
        parent = contexts[ctx.parent]
        if parent.walk.cell_reason[ctx.cell] == -2 and (any(ctx.walk.needed)
                                                         or any(r != -2 for r in ctx.walk.cell_reason)):
            parent.walk.cell_reason[ctx.cell] = FROM_INSTANCE
    return HierCone(top, modules, contexts)


def _drain(contexts: list[Context], modules: dict[str, ModuleInfo], index: int) -> set[int]:
    """Walk one context until its stack is empty; return the contexts it gave bits to."""
    ctx = contexts[index]
    m = modules[ctx.module]
    walk = ctx.walk
    driver, extra, inputs = m.driver, m.extra_drivers, m.input_bits
    touched: set[int] = set()
    stack = walk.stack
    while stack:
        b = stack.pop()
        d = driver.get(b)
        if d is None:
            where = inputs.get(b)
            if where is not None and ctx.parent >= 0:      # an input port bit: on in the parent
                parent = contexts[ctx.parent]
                bits = modules[parent.module].netlist.cells[ctx.cell].inputs.get(where[0])  # None: unconnected
                bit = bits[where[1]] if bits is not None and where[1] < len(bits) else None
                if type(bit) is int and not parent.walk.needed[bit]:
                    parent.walk.mark((bit,), ctx.cell)
                    touched.add(ctx.parent)
            continue
        for ci, port, pos in (d, *extra.get(b, ())):
            child = ctx.children.get(ci)
            if child is None:
                walk.visit(ci, port, pos, b)
                continue
            if walk.cell_reason[ci] == -2:
                walk.cell_reason[ci] = b
            sub = contexts[child]
            bit = modules[sub.module].netlist.ports[port][1][pos] if port in modules[sub.module].netlist.ports else None
            if type(bit) is int and not sub.walk.needed[bit]:
                sub.walk.mark((bit,), FROM_PARENT)
                touched.add(child)
    return touched


def _is_blackbox(netlist: Netlist) -> bool:
    attrs = netlist.attributes
    return any(attrs.get(a) not in (None, "0", "00000000000000000000000000000000") for a in ("blackbox", "whitebox"))


def copy_name(module: str, n: int) -> str:
    return f"{module}$rtlprune${n}"


def copied_from(module: str) -> str:
    """The module a copy was made of (the module itself if it is none)."""
    return re.sub(r"\$rtlprune\$\d+$", "", module)


@dataclass
class HierCut:
    summary: CutSummary
    modules: dict[str, int]          # module written -> instances of it
    copies: dict[str, list[str]]     # module of the source -> the copies made of it
    changed: set[str]                # modules written that the cut removed or narrowed something in


def apply_hier_cut(design: ys.Design, hc: HierCone) -> HierCut:
    """Cut each group's module to its cone: the first group of a module cuts the module
    itself, each further group a copy of it (`<module>$rtlprune$<n>`); each instance then
    names its group's module. Run `hierarchy -top <top>` afterwards, which removes the modules
    no instance names any more, then `opt_clean`."""
    groups = hc.groups()
    used: dict[str, int] = {}
    module_of_group: list[str] = []
    for members in groups:
        source = hc.contexts[members[0]].module
        n = used.get(source, 0)
        used[source] = n + 1
        name = copy_name(source, n) if n else source
        if n:       # before any cut: every copy is of the module as read
            ys.run_pass(f"tee -q copy {ident(source).str()} {ident(name).str()}", design)
        module_of_group.append(name)
    group_of = {index: g for g, members in enumerate(groups) for index in members}
    summary, modules, changed = CutSummary(), {}, set()
    for g, members in enumerate(groups):
        module = design.module(ident(module_of_group[g]))
        ctx = hc.contexts[members[0]]
        for ci, child in ctx.children.items():      # each instance names its group's module
            cell = module.cell(ident(hc.modules[ctx.module].netlist.cells[ci].name))
            if cell is not None:
                cell.type = ident(module_of_group[group_of[child]])
        cut = apply_cut(module, hc.cone(members[0]))
        for f in ("removed_cells", "narrowed_cells", "removed_ff_bits", "removed_memory_columns", "removed_read_ports"):
            setattr(summary, f, getattr(summary, f) + getattr(cut, f) * len(members))
        modules[module_of_group[g]] = len(members)
        if cut.removed_cells or cut.narrowed_cells:
            changed.add(module_of_group[g])
    copies = {source: [copy_name(source, n) for n in range(1, count)] for source, count in used.items() if count > 1}
    return HierCut(summary, modules, copies, changed)
