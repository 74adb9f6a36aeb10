"""The `(python: ...)` steps of the flow (rtlprune/flow_script.py) and the conditions its steps
name (`when=`): each registered by its name, which the script uses and `--show-flow` prints.
A step reads and sets fields of the FlowState (flow_state.py)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from pyosys import libyosys as ys

from rtlprune.engine import async_registers, design_tree, sources
from rtlprune.engine import design_checks as checks
from rtlprune.engine import explain as explaining
from rtlprune.engine import top_form as forms
from rtlprune.engine.design_tree import DesignTree
from rtlprune.engine.flow_state import FlowState
from rtlprune.engine.port_order import restore_port_order
from rtlprune.engine.stats import module_stats, storage_names
from rtlprune.engine.whole_instances import WholeInstances, choose
from rtlprune.errors import UserError
from rtlprune.hdl import false_loops, verilog_out
from rtlprune.hdl.ports import Port
from rtlprune.hdl.source_text import SOURCE_TEXT_MARK, read_source_text, with_top_parameters
from rtlprune.hdl.tie_off import tie_off_text
from rtlprune.read_options import unelaborated_module
from rtlprune.spec import resolve
from yosys_passes import cells as cs
from yosys_passes import passes
from yosys_passes.hier_cone import copied_from
from yosys_passes.pyosys_util import ident, plain

SV_SUFFIXES = (".sv", ".svh")
_PROC_MARK = ys.IdString("\\rtlprune_proc")
_PLAIN_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")

STEPS: dict[str, Callable[[FlowState], None]] = {}
CONDITIONS: dict[str, Callable[[FlowState], bool]] = {}


def step(fn: Callable[[FlowState], None]) -> Callable[[FlowState], None]:
    """Register a python step under its function's name."""
    STEPS[fn.__name__] = fn
    return fn


def condition(name: str):
    """Register a predicate under the words the script's `when=` uses."""
    def register(fn: Callable[[FlowState], bool]) -> Callable[[FlowState], bool]:
        CONDITIONS[name] = fn
        return fn
    return register


# -- conditions --------------------------------------------------------------------------------

condition("pruning")(lambda st: st.req.prune)
condition("the cone is over the hierarchy")(lambda st: st.req.prune and st.req.cone == "hierarchy")
condition("some module cannot be elaborated")(lambda st: bool(st.req.read.unelaborated))
condition("the slang front end read Verilog")(lambda st: st.req.read.frontend == "slang" and bool(st.verilog))
condition("the design has memories")(lambda st: any(m.memories for m in st.design.modules_.values()))
condition("some module has processes")(lambda st: bool(st.proc_marked))
condition("source text is allowed")(lambda st: st.req.source_text)
condition("some instance is whole")(lambda st: bool(st.whole))
condition("some instance is whole or opaque")(lambda st: bool(st.whole) or bool(_live_opaque(st)))
condition("some instance, not the top, is whole")(lambda st: bool(st.whole) and not st.whole.top)
condition("the top is whole")(lambda st: st.whole.top)
condition("the top is not whole")(lambda st: not st.whole.top)


@condition("the source's text could stand for the top")
def _tie_off_possible(st: FlowState) -> bool:
    """The whole text can stand for the pruned top when it is at hand and means what the
    pruned top means: no print or assertion (see below), no kept signal (the netlist has it
    at the top, the text one level down), ports that need no escaping; -G values are made
    the text's defaults (with_top_parameters). With --top-form source, a reason against is an error."""
    spec, req = st.spec, st.req
    if not req.prune or req.top_form == "netlist" or st.whole.top:
        return False
    why = ("--no-source-text was given" if not req.source_text
           else f"the source's text is not at hand ({st.source_text.reason})" if not st.source_text.full
           else "--keep names internal signals, which the text holds one level down" if spec.kept_signals
           else "prints or assertions are dropped, which the text has" if spec.drop_prints or spec.drop_assertions
           # fuzz seed 247: once its own dead-code removal inlined a 12-bit product into a $display,
           # Verilator 5.048 printed it at another width; the netlist marks what prints read public
           else "the design prints or asserts, and Verilator may print a value wrong once it inlines it"
           if st.side["prints"] or st.side["assertions"]
           else "a port name needs escaping" if not all(_PLAIN_NAME.fullmatch(p) for p, _, _ in st.ports)
           else "")
    if why and req.top_form == "source":
        raise UserError(f"--top-form source: {why}")
    return not why


# -- steps -------------------------------------------------------------------------------------

@step


def rewrite_sources(st: FlowState) -> None:
    st.sv = st.req.read.sv or any(s.endswith(SV_SUFFIXES) for s in st.verilog)
    st.read_files, st.incdirs = sources.rewrite_sources(st.verilog, st.req.read.incdirs, st.tmp,
                                                        st.req.read.skip_definitions)


@step


def hold_async_loaded(st: FlowState) -> None:
    copies = async_registers.SourceCopies(st.read_files, st.verilog, st.incdirs, st.tmp)
    async_registers.hold_async_loaded(st.design, copies, st.read_commands)
    st.read_files, st.incdirs = copies.files, copies.incdirs


@step


def mark_opaque(st: FlowState) -> None:
    sources.mark_opaque(st.design, st.req.read.blackboxed)


@step


def pick_top(st: FlowState) -> None:
    st.top = checks.pick_top(st.design, st.req.top)
    checks.check_instances(st.design)
    checks.check_recursion(st.design, st.top, elaborated=False)


@step


def check_elaborated_recursion(st: FlowState) -> None:
    checks.check_recursion(st.design, st.top, elaborated=True)


@step


def source_port_order(st: FlowState) -> None:
    restore_port_order(st.design.top_module())


@step


def mark_processes(st: FlowState) -> None:
    st.proc_marked = [m for m in st.design.modules_.values()
                      if m.processes and not m.get_blackbox_attribute()]
    for m in st.proc_marked:
        m.set_bool_attribute(_PROC_MARK, True)


@step


def check_supported(st: FlowState) -> None:
    for m in st.proc_marked:
        m.set_bool_attribute(_PROC_MARK, False)
    for wire in st.design.top_module().wires_.values():
        if wire.port_input and wire.port_output:
            raise UserError(f"{checks.src_location(wire)}: inout port '{plain(wire.name)}' is not supported")
    for module in st.design.modules_.values():
        if module.processes:
            raise UserError(f"processes left in '{plain(module.name)}' after proc: unsupported constructs")


@step


def resolve_spec(st: FlowState) -> None:
    req = st.req
    st.tree = DesignTree(st.design, st.top)
    st.ports = port_list(st.design.top_module())
    ports = [name for name, _, _ in st.ports]
    outputs = [name for name, direction, _ in st.ports if direction != "input"]
    by_attribute = set(dropped_by_attribute(st.design.top_module()))
    attr_drop = [name for name in outputs if name in by_attribute]
    signals, attr_keep = st.tree.flat_wires()
    effects = st.tree.flat_side_effects()
    st.side = {
        "prints": 0 if req.spec.drop_prints else effects["prints"],
        "assertions": 0 if req.spec.drop_assertions else effects["assertions"],
        "finishes": effects["finishes"],
        "blackboxes": effects["blackboxes"],
    }
    st.spec = resolve(req.spec, st.top, outputs, ports, sorted(signals), sorted(attr_keep), attr_drop,
                      sum(st.side.values()))
    if req.prune:
        st.marks = st.tree.protect(st.spec.kept_signals, st.spec.drop_prints, st.spec.drop_assertions)


@step


def count_before(st: FlowState) -> None:
    if "memories" in st.clock.steps:  # the memory passes replaced the cells the tree holds
        st.tree = DesignTree(st.design, st.top)
    st.before = st.tree.flat_stats()
    st.storage_before = st.tree.storage_names() if st.req.prune else {}
    st.instance_paths = st.tree.instance_paths() if st.req.source_text else {}
    st.names_before = st.tree.flat_names() if st.req.explain else set()


@step


def unprotect(st: FlowState) -> None:
    copies = st.hier_cut.copies if st.hier_cut else {}
    design_tree.unprotect(st.design, st.marks, {ident(m).str(): [ident(c).str() for c in names]
                                                for m, names in copies.items()})


@step


def describe_cut_hierarchy(st: FlowState) -> None:
    st.tree_as_read, st.tree = st.tree, DesignTree(st.design, st.top)
    st.instance_paths = st.tree.instance_paths() if st.req.source_text else {}


@step


def hier_cone(st: FlowState) -> None:
    """rtlprune_hier_cone in process, so that the cut comes back as a value."""
    _cone, st.hier_cut = passes.prune_hierarchy_to_cone(st.design)


@step


def explain(st: FlowState) -> None:
    for name in st.req.explain:
        lines = explaining.explain(st.cone, name, name in st.names_before)
        if not lines:
            raise UserError(f"--explain '{name}': no signal or cell of that name in '{st.top}'")
        st.explanations[name] = lines


@step


def record_instances(st: FlowState) -> None:
    st.instances_left = {(plain(m.name), plain(c.name)) for m in st.design.modules_.values()
                         for c in m.cells_.values() if not c.type.str().startswith("$")}


@step


def record_removed_storage(st: FlowState) -> None:
    now = storage_names(st.design.top_module())
    st.removed_storage = {n: b for n, b in st.storage_before.items() if n not in now}


@step


def choose_whole(st: FlowState) -> None:
    top = st.design.top_module()
    survivors = {n.str()[1:] if n.str().startswith("\\") else n.str() for n in top.cells_}
    narrowed = set(st.cut.narrowed) if st.cut else set()
    st.source_text = read_source_text(st.verilog, st.req.read.defines, st.req.read.incdirs)
    if st.req.read.parameters and st.source_text.full:
        # -G: the text stands for the top only with those values as its defaults
        st.source_text.full, why = with_top_parameters(st.source_text.full, st.top, st.req.read.parameters)
        st.source_text.reason = st.source_text.reason or why

    def closure(path: str) -> list[str] | None:
        # the text's own instances (read lexically) must hold every module elaborated below;
        # a module the cut over the hierarchy changed is no longer what its text says
        if st.hier_cut and any(st.instance_paths[p][0] in st.hier_cut.changed for p in (path, *_below(st, path))):
            return None
        name = _source_name(st, path)
        names = None if name is None else st.source_text.closure(name)
        if names is None or any(_source_name(st, p) not in names for p in _below(st, path)):
            return None
        return names

    st.whole = choose(st.instance_paths, survivors, narrowed, closure, st.instances_left,
                      st.spec.kept_signals,
                      top_changed=bool(st.req.prune and st.spec.dropped_outputs),
                      full_text=bool(st.source_text.full),
                      storage_intact=_storage_intact(st, top))
    st.needed_inputs = _needed_inputs(st)


def _storage_intact(st: FlowState, top: ys.Module) -> bool:
    """The cone removed no flip-flop bit, memory bit, print or assertion."""
    now = module_stats(top)
    return (now.of_types(cs.SIDE_EFFECTS) == st.before.of_types(cs.SIDE_EFFECTS)
            and now.ff_bits == st.before.ff_bits and now.memory_bits == st.before.memory_bits)


def _needed_inputs(st: FlowState) -> dict[str, dict[str, list[bool] | None]]:
    """For each instance kept whole, which bits of each input port the flat cone needs; the
    others are tied to 0 (`tie_unneeded_inputs`), so the text instance observes nothing.
    opt_clean keeps a public wire that is read or is an alias, so a port wire the cone's
    netlist does not name was read by nothing: not needed. An instance none of whose ports
    is named there (a naming this code does not know) has every input needed."""
    if st.cone is None:
        return {}
    netnames, needed = st.cone.netlist.netnames, st.cone.needed
    out: dict[str, dict[str, list[bool] | None]] = {}
    for path in st.whole.paths:
        info = st.tree.info[st.instance_paths[path][0]]
        if not any(name.startswith(path + ".") for name in netnames):
            continue
        ports = out.setdefault(path, {})
        for port in info.inputs:
            entry = netnames.get(f"{path}.{port}")
            ports[port] = ([type(b) is not int or bool(needed[b]) for b in entry[1]] if entry is not None
                           else None)
    return out


@step


def tie_unneeded_inputs(st: FlowState) -> None:
    top = st.design.top_module()
    for path, ports in st.needed_inputs.items():
        cell = top.cell(ys.IdString("\\" + path))
        for port, bits in ports.items():
            pid = ys.IdString("\\" + port)
            sig = cell.getPort(pid)
            if bits is None:  # read by nothing
                bits = [False] * sig.size()
            if all(bits) or sig.size() != len(bits):
                continue
            new = ys.SigSpec()
            for i, keep in enumerate(bits):
                new.append(sig.extract(i, 1) if keep else ys.SigSpec(ys.Const(0, 1)))
            cell.setPort(pid, new)


def _source_name(st: FlowState, path: str) -> str | None:
    """The source module of the instance at `path`: yosys-slang names each instance's
    module `<module>$<top>.<path>` (read with --keep-hierarchy), read_verilog `<module>`; a copy
    that the cut over the hierarchy made has `$rtlprune$<n>` after that (one it changed is not
    whole)."""
    module = st.instance_paths[path][0]
    if st.tree.info[module].blackboxes:
        return None
    module = copied_from(module)   # a copy the cut over the hierarchy made
    base = module.split("$", 1)[0]
    if not _PLAIN_NAME.fullmatch(base):
        return None
    return base if module in (base, f"{base}${st.top}.{path}") else None


@step


def mark_whole(st: FlowState) -> None:
    attr = ys.IdString("\\keep_hierarchy")
    for module, insts in st.whole.cells.items():
        m = st.design.module(ys.IdString("\\" + module))
        for inst in insts:
            m.cell(ys.IdString("\\" + inst)).set_bool_attribute(attr, True)


def _below(st: FlowState, path: str) -> list[str]:
    """The instance paths inside the instance at `path`, at any depth."""
    children = st.instance_paths[path][2]
    return [p for c in children for p in (c, *_below(st, c))]


def text_modules(st: FlowState) -> list[str]:
    """The Yosys modules of the instances kept whole, and of every instance in them."""
    return sorted({st.instance_paths[p][0] for path in st.whole.paths for p in (path, *_below(st, path))})


@step


def name_kept_instances(st: FlowState) -> None:
    """Each instance kept whole gets its source module's name, whose text the output carries."""
    st.kept_instances = {}
    by_module = {st.instance_paths[p][0]: _source_name(st, p) for p in st.whole.paths}
    for cell in st.design.top_module().cells_.values():
        module = plain(cell.type)
        if module in by_module:
            st.kept_instances[plain(cell.name)] = module
            cell.type = ys.IdString("\\" + by_module[module])
    for module in text_modules(st):
        st.design.remove(st.design.module(ys.IdString("\\" + module)))


@step


def write_source_text(st: FlowState) -> None:
    Path(st.output).write_text(st.source_text.full, encoding="latin-1")


@step


def append_source_text(st: FlowState) -> None:
    _append_text(st, Path(st.output), st.whole.modules)


def _append_text(st: FlowState, path: Path, whole_modules: list[str]) -> None:
    """The preprocessed text of the modules kept whole and of the opaque modules the written
    top instantiates (and every module their text instantiates), after the netlist in `path`."""
    modules = sorted(set(whole_modules) | set(_opaque_text_modules(st)))
    if modules:
        with open(path, "a", encoding="latin-1") as f:
            f.write(f"\n{SOURCE_TEXT_MARK}\n")
            f.write(st.source_text.text_of(modules))


def _live_opaque(st: FlowState) -> list[str]:
    """The modules of the opaque instances left in the top."""
    return sorted({plain(c.type) for c in st.design.top_module().cells_.values()
                   if c.has_attribute(ys.IdString(f"\\{cs.OPAQUE}"))})


def _opaque_text_modules(st: FlowState) -> list[str]:
    """The modules whose text the opaque instances left in the top need. Their text is the only
    form they have: where it cannot be had, the design is refused, naming why."""
    live = _live_opaque(st)
    if live and not st.source_text.full and not st.source_text.modules:
        st.source_text = read_source_text(st.verilog, st.req.read.defines, st.req.read.incdirs)
    names: set[str] = set()
    for module in live:
        closure = st.source_text.closure(module)
        if closure is None:
            where = next(w for w in st.req.read.unelaborated if unelaborated_module(w) == module)
            raise UserError(f"{where}: module '{module}' cannot be elaborated, and its text, which the output needs, "
                            f"cannot be carried ({st.source_text.reason or 'it is not a module that stands alone'})")
        names |= set(closure)
    return sorted(names)


@step


def count_after_whole(st: FlowState) -> None:
    st.after = replace(st.before)


@step


def finish_verilog(st: FlowState) -> None:
    verilog_out.finish_verilog(Path(st.output))


@step


def split_false_loops(st: FlowState) -> None:
    st.split_vars = false_loops.split_false_loops(Path(st.output), st.top)


@step


def choose_mixed_form(st: FlowState) -> None:
    """The flat cone's netlist (loaded, back end run) against the mixed output already written;
    the one chosen is written, and its design is the one the flow goes on with."""
    top = st.design.top_module()
    netlist_path = Path(st.tmp) / "netlist.v"
    ys.run_pass(f'write_verilog -noattr "{netlist_path}"', st.design)
    verilog_out.finish_verilog(netlist_path)
    _append_text(st, netlist_path, [])
    split = false_loops.split_false_loops(netlist_path, st.top)
    netlist = module_stats(top)
    state = {"mixed": st.after.state_bits, "netlist": netlist.state_bits}
    netlist_text = netlist_path.read_text(encoding="latin-1")
    st.mixed_form = forms.choose_mixed_form(st.req, st.top, Path(st.output).read_text(encoding="latin-1"),
                                            netlist_text, state)
    if st.mixed_form.form == "netlist":
        Path(st.output).write_text(netlist_text, encoding="latin-1")
        st.after, st.split_vars = netlist, split
        st.kept_instances, st.whole = {}, WholeInstances()
    else:
        ys.run_pass("design -load rtlprune_mixed", st.design)


@step


def choose_top_form(st: FlowState) -> None:
    tie_off = tie_off_text(st.source_text.full, st.top, st.ports, st.spec.dropped_outputs)
    st.top_form = forms.choose_top_form(st.req, st.top, Path(st.output).read_text(encoding="latin-1"), tie_off,
                                        st.removed_storage)
    if st.top_form.form == "source_tie_off":
        Path(st.output).write_text(tie_off, encoding="latin-1")
        st.after = replace(st.before)  # nothing is removed from the text: Verilator removes it
        st.kept_instances = {}
        st.whole = WholeInstances()   # no instance is kept apart: everything is the source's text


@step


def count_after(st: FlowState) -> None:
    st.after = module_stats(st.design.top_module())
    for cell_name, module in st.kept_instances.items():  # an instance kept whole counts what it holds
        cell_type = st.design.top_module().cell(ys.IdString("\\" + cell_name)).type.str()
        # what its text holds: the module as read (an uncut copy is its module's copy)
        as_read = copied_from(module)
        if st.tree_as_read and as_read in st.tree_as_read.info:
            stats = st.tree_as_read.module_stats(as_read)
        else:
            stats = st.tree.module_stats(module)
        st.after = st.after.with_instance_counted(cell_type, stats)


@step
def cone(st: FlowState) -> None:
    """rtlprune_cone in process, so that the cone and the cut come back as values."""
    st.cone, st.cut = passes.prune_to_cone(st.design)


def port_list(module: ys.Module) -> list[Port]:
    """The ports, in order: what the output must keep."""
    wires = sorted((w for w in module.wires_.values() if w.port_id), key=lambda w: w.port_id)
    return [Port(plain(w.name), "inout" if w.port_input and w.port_output else "input" if w.port_input else "output",
                 w.width) for w in wires]


def dropped_by_attribute(module: ys.Module) -> list[str]:
    """Output ports that carry (* rtlprune_drop *)."""
    attr = ys.IdString("\\rtlprune_drop")
    return [plain(w.name) for w in module.wires_.values() if w.port_output and w.has_attribute(attr)]
