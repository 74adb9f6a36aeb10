"""The design before `flatten`, seen as the flat module it will become.

The flow prunes dead instances while the design is still hierarchical (one `opt_clean` on
small module bodies instead of on the flattened netlist, where a 100k-cell design costs
seconds to build and seconds more to clean). Reports and the observation spec still speak
of the flattened design, so this module computes what `flatten -noscopeinfo` would give,
without flattening: cell counts and flip-flop and memory bits (each module's own figures
times its number of instances), public wire names (`inst.sub.wire`), and which instances
must survive the hierarchical clean-up because they hold something observed.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from pyosys import libyosys as ys

from rtlprune.engine.stats import storage_names
from rtlprune.protocol import Figures
from yosys_passes import cells as cs
from yosys_passes.pyosys_util import attribute_names, format_string, plain

_KEEP = ys.IdString("\\keep")
_RTLPRUNE_KEEP = ys.IdString("\\rtlprune_keep")
_KEEP_HIERARCHY = ys.IdString("\\keep_hierarchy")


@dataclass
class ModuleInfo:
    """One module's own content and its instances of modules that flatten will inline."""

    own_types: Counter = field(default_factory=Counter)  # cell type -> count, instances of leaves included
    own_ff_bits: int = 0
    own_memory_bits: int = 0
    prints: int = 0
    assertions: int = 0
    finishes: int = 0
    blackboxes: int = 0
    keep_cells: int = 0
    wires: list[str] = field(default_factory=list)  # public wire names
    keep_wires: list[str] = field(default_factory=list)  # public wires with rtlprune_keep
    instances: list[tuple[str, str]] = field(default_factory=list)  # (cell name, module name)
    inputs: list[str] = field(default_factory=list)  # input port names


def _private_prefix(outer: str, inst: str) -> str:
    """What `flatten -noscopeinfo` puts before a private cell or wire name of instance `inst`
    inside the instance whose prefix is `outer`: `$flatten\\a.`, then `$flatten\\a.\\b.`."""
    return f"{outer}\\{inst}." if outer else f"$flatten\\{inst}."


class DesignTree:
    """The hierarchy under `top`, after `hierarchy` and `proc`, before `flatten`."""

    def __init__(self, design: ys.Design, top: str):
        self.design = design
        self.top = top
        self.modules = {plain(n): m for n, m in design.modules_.items()}
        self.info: dict[str, ModuleInfo] = {}
        self._scan(top)

    def _inlined(self, name: str) -> bool:
        """Whether flatten replaces an instance of `name` by its contents."""
        m = self.modules.get(name)
        return m is not None and not m.get_blackbox_attribute() and not m.get_bool_attribute(_KEEP_HIERARCHY)

    def _scan(self, name: str) -> None:
        if name in self.info:
            return
        module = self.modules[name]
        info = ModuleInfo()
        self.info[name] = info
        keep_attr = ys.IdString("\\rtlprune_keep")
        for wire in module.wires_.values():
            if wire.port_input and not wire.port_output:
                info.inputs.append(plain(wire.name))
            if wire.name.isPublic():
                wname = plain(wire.name)
                info.wires.append(wname)
                if wire.has_attribute(keep_attr):
                    info.keep_wires.append(wname)
        for cell in module.cells_.values():
            t = cell.type.str()
            if self._inlined(plain(cell.type)):
                info.instances.append((plain(cell.name), plain(cell.type)))
                continue
            info.own_types[t] += 1
            ff, mem = cs.storage_bits(cell)
            info.own_ff_bits += ff
            info.own_memory_bits += mem
            kind = cs.side_effect_kind(t, format_string(cell))
            if kind == "print":
                info.prints += 1
            elif kind == "assertion":
                info.assertions += 1
            elif kind == "finish":
                info.finishes += 1
            elif cs.is_observed_blackbox(t, attribute_names(cell)):
                info.blackboxes += 1
            if cell.has_attribute(_KEEP):
                info.keep_cells += 1
        for _inst, child in info.instances:
            self._scan(child)

    # Figures of the flattened design -------------------------------------------------------

    def _total(self, name: str, memo: dict) -> tuple[Counter, int, int, Counter]:
        if name not in memo:
            info = self.info[name]
            types, ff, mem = Counter(info.own_types), info.own_ff_bits, info.own_memory_bits
            effects = Counter(prints=info.prints, assertions=info.assertions, finishes=info.finishes,
                              blackboxes=info.blackboxes)
            for _inst, child in info.instances:
                ct, cf, cmem, ce = self._total(child, memo)
                types.update(ct)
                ff, mem = ff + cf, mem + cmem
                effects.update(ce)
            memo[name] = (types, ff, mem, effects)
        return memo[name]

    def flat_stats(self) -> Figures:
        """What `stats.module_stats` would report on the flattened top."""
        return self.module_stats(self.top)

    def flat_side_effects(self) -> dict[str, int]:
        """Print, assertion, $finish and blackbox cells of the flattened top (before any is dropped)."""
        _t, _f, _m, effects = self._total(self.top, {})
        return {k: effects.get(k, 0) for k in ("prints", "assertions", "finishes", "blackboxes")}

    def flat_wires(self) -> tuple[list[str], list[str]]:
        """Public wire names of the flattened top, and those with rtlprune_keep."""
        names: list[str] = []
        keep: list[str] = []

        def walk(module: str, prefix: str) -> None:
            info = self.info[module]
            names.extend(prefix + w for w in info.wires)
            keep.extend(prefix + w for w in info.keep_wires)
            for inst, child in info.instances:
                walk(child, f"{prefix}{inst}.")

        walk(self.top, "")
        return names, keep

    def flat_names(self) -> set[str]:
        """Wire and cell names of the flattened top as `flatten -noscopeinfo` spells them."""
        out: set[str] = set()

        def walk(module: str, public: str, private: str) -> None:
            m = self.modules[module]
            for name in (*m.wires_, *m.cells_):
                s = name.str()
                if s.startswith("\\"):
                    out.add(public + s[1:])
                else:
                    out.add(private + s)
            for inst, child in self.info[module].instances:
                walk(child, f"{public}{inst}.", _private_prefix(private, inst))

        walk(self.top, "", "")
        return out

    def instance_paths(self) -> dict[str, tuple[str, set[str], list[str]]]:
        """Each instance flatten inlines, by path ("" is the top): its module, the names
        `flatten -noscopeinfo` gives its own cells (every kind: an instance is kept as text only
        when the cone keeps all of it), and the paths of its inlined instances."""
        out: dict[str, tuple[str, set[str], list[str]]] = {}

        def walk(module: str, path: str, public: str, private: str) -> None:
            own = set()
            inlined = {inst for inst, _child in self.info[module].instances}
            for name, cell in self.modules[module].cells_.items():
                s = name.str()
                # an instance's cells are its own path's; a $buf is a connection (opt_clean
                # removes every one, live or dead)
                if plain(name) in inlined or cell.type.str() == "$buf":
                    continue
                own.add(public + s[1:] if s.startswith("\\") else private + s)
            children = []
            for inst, child in self.info[module].instances:
                children.append(public + inst)
                walk(child, public + inst, f"{public}{inst}.", _private_prefix(private, inst))
            out[path] = (module, own, children)

        walk(self.top, "", "", "")
        return out

    def storage_names(self) -> dict[str, int]:
        """The registers and memories of the design flattened, by the names flatten gives their
        wires and memories (`stats.storage_names`; private names left out), with their bits."""
        out: dict[str, int] = {}

        def walk(module: str, public: str) -> None:
            for name, bits in storage_names(self.modules[module]).items():
                if not name.startswith("$"):
                    out[public + name] = out.get(public + name, 0) + bits
            for inst, child in self.info[module].instances:
                walk(child, f"{public}{inst}.")

        walk(self.top, "")
        return out

    def module_stats(self, name: str) -> Figures:
        """What `stats.module_stats` reports of module `name` flattened."""
        types, ff, mem, _e = self._total(name, {})
        return Figures(sum(types.values()), ff, mem, dict(sorted((t, n) for t, n in types.items() if n)))

    # Instances that must survive a clean-up before flatten ---------------------------------

    def _holds_root(self, name: str, drop_prints: bool, drop_assertions: bool, memo: dict) -> bool:
        """Whether an instance of `name` contains a cell the cone observes by itself."""
        if name not in memo:
            memo[name] = False  # no recursion through cycles (hierarchy forbids them anyway)
            info = self.info[name]
            own = (info.blackboxes or info.keep_cells or info.finishes or (info.prints and not drop_prints)
                   or (info.assertions and not drop_assertions))
            memo[name] = bool(own) or any(
                self._holds_root(child, drop_prints, drop_assertions, memo) for _i, child in info.instances
            )
        return memo[name]

    def protect(self, kept_signals: list[str], drop_prints: bool, drop_assertions: bool) -> list:
        """Mark with `keep` what a hierarchical `opt_clean` must not remove; return the marks.

        Kept: every instance on the way to a kept signal and the signal's wire itself (in its
        module, so in every instance of it: more than needed, never less), every instance
        that holds a print, assertion, blackbox or keep cell, and every blackbox instance.
        `unprotect` removes exactly the marks added here.
        """
        marks = []

        def mark(module: ys.Module, obj) -> None:
            # A kept wire also gets rtlprune_keep for the clean-up: rtlprune_observe strips a
            # `keep` that has none (a synthesis keep is no observation), and without it the
            # register behind a kept top-level wire was deleted.
            wire = isinstance(obj, ys.Wire)
            for attr in (_KEEP, _RTLPRUNE_KEEP) if wire else (_KEEP,):
                if not obj.has_attribute(attr):
                    obj.set_bool_attribute(attr, True)
                    marks.append(Mark(module.name.str(), wire, obj.name.str(), attr.str()))

        memo: dict = {}
        for mname, info in self.info.items():
            module = self.modules[mname]
            for inst, child in info.instances:
                if self._holds_root(child, drop_prints, drop_assertions, memo):
                    mark(module, module.cell(ys.IdString("\\" + inst)))
            if info.blackboxes:
                for cell in module.cells_.values():
                    t = cell.type.str()
                    if cs.is_observed_blackbox(t, attribute_names(cell)) and not self._inlined(plain(cell.type)):
                        mark(module, cell)
        for signal in kept_signals:
            self._protect_path(signal, mark)
        return marks

    def _protect_path(self, signal: str, mark) -> None:
        module, rest = self.top, signal
        while True:
            m = self.modules[module]
            wire = m.wire(ys.IdString("\\" + rest))
            if wire is not None:
                mark(m, wire)
                return
            # The longest instance name that prefixes the rest (instance names may hold dots).
            best = None
            for inst, child in self.info[module].instances:
                if rest.startswith(inst + ".") and (best is None or len(inst) > len(best[0])):
                    best = (inst, child)
            if best is None:
                raise ValueError(f"no signal '{signal}' in the hierarchy of '{self.top}'")
            mark(m, m.cell(ys.IdString("\\" + best[0])))
            module, rest = best[1], rest[len(best[0]) + 1 :]


@dataclass(frozen=True)
class Mark:
    """An attribute `protect` set, by names: the object may be gone by `unprotect` (a cut
    removed it), and copies of its module made meanwhile carry it too."""

    module: str
    wire: bool
    name: str
    attr: str


def unprotect(design: ys.Design, marks: list[Mark], copies: dict[str, list[str]] | None = None) -> None:
    """Remove the marks from their modules and from `copies` of them (module -> copy names)."""
    for m in marks:
        for module_name in (m.module, *(copies or {}).get(m.module, ())):
            module = design.module(ys.IdString(module_name))
            if module is None:
                continue
            obj = module.wire(ys.IdString(m.name)) if m.wire else module.cell(ys.IdString(m.name))
            if obj is not None:
                obj.set_bool_attribute(ys.IdString(m.attr), False)  # false erases it
