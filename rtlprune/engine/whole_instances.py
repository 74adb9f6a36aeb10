"""Which instances the cone left whole, so that the output can keep them as the source's text.

An instance is whole when every cell of its own, of every kind, survived the cone unnarrowed,
every instance in it is whole, it holds at least one cell, its module's text can be pasted
(`source_text`) and no kept signal lies inside it (kept signals are read under their flattened
names). So a text instance holds nothing the flat cone removes. When no output is dropped and
the cone removed no storage or side effect, the output is the whole preprocessed source (what
else the cone removed is dead combinational logic, which Verilator removes itself). The choice
only decides speed, never behaviour: a kept instance is the original module, and the rest of
the design drives only the input bits the flat cone needs (`FlowRunner.needed_inputs`); the
others are tied to 0, so a text instance is never an observation point.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class WholeInstances:
    top: bool = False                       # nothing was removed: the output is the whole source text
    cells: dict[str, list[str]] = field(default_factory=dict)  # module -> instance cells not to flatten
    paths: list[str] = field(default_factory=list)             # the outermost instances kept
    modules: list[str] = field(default_factory=list)           # every source module whose text the output carries

    def __bool__(self) -> bool:
        return self.top or bool(self.paths)


def choose(paths: dict[str, tuple[str, set[str], list[str]]], survivors: set[str], narrowed: set[str],
           closure: Callable[[str], list[str] | None], instances: set[tuple[str, str]], kept_signals: list[str],
           top_changed: bool, full_text: bool, storage_intact: bool = False) -> WholeInstances:
    """`paths` as `DesignTree.instance_paths` gives them; `survivors` the cell names of the
    flattened top after the cone; `closure(path)` the source modules whose text the output
    carries for the instance at `path` (None: it cannot be pasted alone); `top_changed`: an output is
    dropped (driven 0, which no cell's removal need show); `instances`: the (module, cell) pairs
    left in the hierarchy after dead instances went (one without registers counts as whole, but
    there is nothing left to keep); `full_text`: the whole preprocessed
    source is at hand; `storage_intact`: the cone removed no register, memory, print or
    assertion (with no output dropped, the whole text then serves)."""
    intact_memo: dict[str, bool] = {}
    whole_memo: dict[str, bool] = {}

    def intact(path: str) -> bool:
        if path not in intact_memo:
            _module, own, children = paths[path]
            intact_memo[path] = own <= survivors and not (own & narrowed) and all(intact(c) for c in children)
        return intact_memo[path]

    def has_cells(path: str) -> bool:  # a pass-through instance gains nothing as text
        _module, own, children = paths[path]
        return bool(own) or any(has_cells(c) for c in children)

    def whole(path: str) -> bool:
        if path not in whole_memo:
            whole_memo[path] = (intact(path) and has_cells(path) and closure(path) is not None
                                and not any(k.startswith(path + ".") for k in kept_signals))
        return whole_memo[path]

    # Kept signals are read under their flattened names: one inside an instance needs the flat top.
    if (full_text and storage_intact and not top_changed
            and not any("." in k for k in kept_signals)):
        return WholeInstances(top=True)
    # A cell of module M stays an instance when it is whole in every instance of M.
    by_module: dict[str, list[str]] = {}
    for path, (module, _own, _children) in paths.items():
        by_module.setdefault(module, []).append(path)
    result = WholeInstances()
    for path, (module, _own, children) in paths.items():
        for child in children:
            inst = child[len(path) + 1:] if path else child
            siblings = [f"{p}.{inst}" if p else inst for p in by_module[module]]
            if ((module, inst) in instances and all(whole(s) for s in siblings)
                    and inst not in result.cells.get(module, [])):
                result.cells.setdefault(module, []).append(inst)
    kept = {f"{p}.{i}" if p else i for m, insts in result.cells.items() for p in by_module[m] for i in insts}
    result.paths = sorted(p for p in kept if not any(p.startswith(q + ".") for q in kept))
    result.modules = sorted({m for p in result.paths for m in closure(p)})
    return result
