"""Run the rtlprune flow (`rtlprune/flow_script.py`) in process with pyosys.

Runs inside the worker subprocess (see `worker`), because a Yosys ERROR ends the process
that hosts it. The steps and their order are in flow_script; this module holds what each
`(python: ...)` step does and the state that passes between steps.
"""

from __future__ import annotations

import os
import re
import tempfile
import time
from pathlib import Path

from pyosys import libyosys as ys

from rtlprune import icarus
from rtlprune.engine.design_tree import DesignTree, unprotect
from rtlprune.engine.explain import explain
from rtlprune.engine.port_order import restore_port_order
from rtlprune.engine.sources import chparam_commands, read_commands, rewrite_system_tasks
from rtlprune.engine.stats import module_stats, storage_names
from rtlprune.engine.whole_instances import WholeInstances, choose
from rtlprune.errors import UserError
from rtlprune.flow_script import script
from rtlprune.hdl.false_loops import split_false_loops
from rtlprune.hdl.ports import Port
from rtlprune.hdl.source_text import SOURCE_TEXT_MARK, SourceText, read_source_text, with_top_parameters
from rtlprune.hdl.tie_off import storage_verilator_keeps, tie_off_text, verilate
from rtlprune.hdl.verilog_out import finish_verilog
from rtlprune.protocol import PROGRESS_ENV, FlowRequest, FlowResult
from rtlprune.spec import ResolvedSpec, resolve
from rtlprune.verilator import available as verilator_available
from yosys_passes import cells as cs
from yosys_passes import passes
from yosys_passes.pyosys_util import plain

RTLIL_SUFFIXES = (".il", ".rtlil")
# The netlist is written where Verilator's model of the source's text holds more bits than its
# model of the netlist and among them a register or memory that pruning removed (matched by
# name: `storage_verilator_keeps`); where no name matches, more than this share of the text's
# bits is taken for such storage. Fewer are Verilator's temporaries, which do not pay for the
# netlist's larger C++ (docs/benchmarks.md, picorv32-axi).
UNNAMED_STATE_SLACK = 0.10
SV_SUFFIXES = (".sv", ".svh")
_PROC_MARK = ys.IdString("\\rtlprune_proc")
_PLAIN_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


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


def port_list(module: ys.Module) -> list[Port]:
    """The ports, in order: what the output must keep."""
    wires = sorted((w for w in module.wires_.values() if w.port_id), key=lambda w: w.port_id)
    return [Port(plain(w.name), "inout" if w.port_input and w.port_output else "input" if w.port_input else "output",
                 w.width) for w in wires]


def dropped_by_attribute(module: ys.Module) -> list[str]:
    """Output ports that carry (* rtlprune_drop *)."""
    attr = ys.IdString("\\rtlprune_drop")
    return [plain(w.name) for w in module.wires_.values() if w.port_output and w.has_attribute(attr)]


class FlowRunner:
    """Runs flow_script's steps on one design; `s` in `script(s)`. Records wall and CPU seconds
    of each labelled step for the report."""

    def __init__(self, req: FlowRequest, tmp: str):
        self.req = req
        self.tmp = tmp
        self.design = ys.Design()
        self.verilog = [s for s in req.sources if not s.endswith(RTLIL_SUFFIXES)]
        self.rtlil = [s for s in req.sources if s.endswith(RTLIL_SUFFIXES)]
        self.top = None
        self.output = req.output
        self.spec: ResolvedSpec | None = None
        self.cone = self.cut = None
        self.explanations: dict[str, list[str]] = {}
        self.marks: list = []
        self.steps: dict[str, dict[str, float]] = {}
        self.t0 = self.t = time.monotonic()
        self.c = time.process_time()
        self.open_label: str | None = None
        self.label_end: dict[str, float] = {}
        self.whole = WholeInstances()
        self.kept_instances: dict[str, str] = {}  # cell of the output -> Yosys module it stands for
        self.source_text = SourceText(reason="not asked for")
        self.removed_storage: dict[str, int] = {}  # registers and memories the cone removed (flat name: bits)
        self.top_form: dict = {}  # how the pruned top was written, when there was a choice (choose_top_form)
        self.needed_inputs: dict[str, dict[str, list[bool] | None]] = {}  # whole instance -> input port -> bits needed
        self.mixed_form: dict = {}  # text instances or the flat cone's netlist (choose_mixed_form)

    # -- the interface flow_script calls -------------------------------------------------------

    def label(self, name: str, about: str = "", when: str | None = None) -> bool:
        self._close_label()
        if when is not None and not self._condition(when):
            return False
        self.open_label = name
        if os.environ.get(PROGRESS_ENV):  # the parent shows it (worker_process)
            with open(os.environ[PROGRESS_ENV], "a") as f:
                f.write(name + "\n")
        return True

    def run(self, command: str, when: str | None = None) -> None:
        if when is not None and not self._condition(when):
            return
        if command == "rtlprune_cone":  # in process, so the cone and cut come back as values
            self.cone, self.cut = passes.prune_to_cone(self.design)
        else:
            ys.run_pass(command, self.design)

    def python(self, name: str, about: str, when: str | None = None) -> None:
        if when is None or self._condition(when):
            getattr(self, name)()

    def when(self, condition: str) -> bool:
        return self._condition(condition)

    def names(self, what: str) -> str:
        return " ".join(getattr(self, what))

    def each(self, option: str, what: str) -> str:
        return "".join(f" {option} {v}" for v in getattr(self, what))

    def flag(self, option: str, what: str) -> str:
        return f" {option}" if getattr(self, what) else ""

    def _condition(self, when: str) -> bool:
        if when == "pruning":
            return self.req.prune
        if when == "the design has memories":
            return any(m.memories for m in self.design.modules_.values())
        if when == "some module has processes":
            return bool(self.proc_marked)
        if when == "source text is allowed":
            return self.req.source_text
        if when == "some instance is whole":
            return bool(self.whole)
        if when == "some instance, not the top, is whole":
            return bool(self.whole) and not self.whole.top
        if when == "the top is whole":
            return self.whole.top
        if when == "the top is not whole":
            return not self.whole.top
        if when == "the source's text could stand for the top":
            return self._tie_off_possible()
        raise ValueError(f"unknown flow condition {when!r}")

    def _close_label(self) -> None:
        if self.open_label is None:
            return
        t, c = time.monotonic(), time.process_time()
        self.steps[self.open_label] = {"wall": round(t - self.t, 3), "cpu": round(c - self.c, 3)}
        self.label_end[self.open_label] = t
        self.t, self.c = t, c
        self.open_label = None

    # -- values the script's commands use ------------------------------------------------------

    @property
    def read_commands(self) -> list[str]:
        return read_commands(self.read_files, self.rtlil, self.sv, self.req.defines, self.incdirs,
                             self.req.frontend, self.req.top, self.req.parameters, self.req.slang_args)

    @property
    def chparam_commands(self) -> list[str]:
        return chparam_commands(self.req.parameters, self.top, self.req.frontend)

    @property
    def dropped_outputs(self) -> list[str]:
        return self.spec.dropped_outputs

    @property
    def kept_signals(self) -> list[str]:
        return self.spec.kept_signals

    @property
    def drop_prints(self) -> bool:
        return self.spec.drop_prints

    @property
    def drop_assertions(self) -> bool:
        return self.spec.drop_assertions

    # -- the python steps ----------------------------------------------------------------------

    def rewrite_system_tasks(self) -> None:
        self.sv = self.req.sv or any(s.endswith(SV_SUFFIXES) for s in self.verilog)
        self.read_files, self.incdirs = rewrite_system_tasks(self.verilog, self.req.incdirs, self.tmp)

    def pick_top(self) -> None:
        self.top = pick_top(self.design, self.req.top)
        check_instances(self.design)
        check_recursion(self.design, self.top, elaborated=False)

    def check_elaborated_recursion(self) -> None:
        check_recursion(self.design, self.top, elaborated=True)

    def source_port_order(self) -> None:
        restore_port_order(self.design.top_module())

    def mark_processes(self) -> None:
        self.proc_marked = [m for m in self.design.modules_.values()
                            if m.processes and not m.get_blackbox_attribute()]
        for m in self.proc_marked:
            m.set_bool_attribute(_PROC_MARK, True)

    def check_supported(self) -> None:
        for m in self.proc_marked:
            m.set_bool_attribute(_PROC_MARK, False)
        for wire in self.design.top_module().wires_.values():
            if wire.port_input and wire.port_output:
                raise UserError(f"{src_location(wire)}: inout port '{plain(wire.name)}' is not supported")
        for module in self.design.modules_.values():
            if module.processes:
                raise UserError(f"processes left in '{plain(module.name)}' after proc: unsupported constructs")

    def resolve_spec(self) -> None:
        req = self.req
        self.tree = DesignTree(self.design, self.top)
        self.ports = port_list(self.design.top_module())
        ports = [name for name, _, _ in self.ports]
        outputs = [name for name, direction, _ in self.ports if direction != "input"]
        by_attribute = set(dropped_by_attribute(self.design.top_module()))
        attr_drop = [name for name in outputs if name in by_attribute]
        signals, attr_keep = self.tree.flat_wires()
        effects = self.tree.flat_side_effects()
        self.side = {
            "prints": 0 if req.spec.drop_prints else effects["prints"],
            "assertions": 0 if req.spec.drop_assertions else effects["assertions"],
            "finishes": effects["finishes"],
            "blackboxes": effects["blackboxes"],
        }
        self.spec = resolve(req.spec, self.top, outputs, ports, sorted(signals), sorted(attr_keep), attr_drop,
                            sum(self.side.values()))
        if req.prune:
            self.marks = self.tree.protect(self.spec.kept_signals, self.spec.drop_prints, self.spec.drop_assertions)

    def count_before(self) -> None:
        if "memories" in self.steps:  # the memory passes replaced the cells the tree holds
            self.tree = DesignTree(self.design, self.top)
        self.before = self.tree.flat_stats()
        self.storage_before = self.tree.storage_names() if self.req.prune else {}
        self.instance_paths = self.tree.instance_paths() if self.req.source_text else {}
        self.names_before = self.tree.flat_names() if self.req.explain else set()

    def unprotect(self) -> None:
        unprotect(self.marks)

    def explain(self) -> None:
        for name in self.req.explain:
            lines = explain(self.cone, name, name in self.names_before)
            if not lines:
                raise UserError(f"--explain '{name}': no signal or cell of that name in '{self.top}'")
            self.explanations[name] = lines

    def record_instances(self) -> None:
        self.instances_left = {(plain(m.name), plain(c.name)) for m in self.design.modules_.values()
                               for c in m.cells_.values() if not c.type.str().startswith("$")}

    def record_removed_storage(self) -> None:
        now = storage_names(self.design.top_module())
        self.removed_storage = {n: b for n, b in self.storage_before.items() if n not in now}

    def choose_whole(self) -> None:
        top = self.design.top_module()
        survivors = {n.str()[1:] if n.str().startswith("\\") else n.str() for n in top.cells_}
        narrowed = set(self.cut.narrowed) if self.cut else set()
        self.source_text = read_source_text(self.verilog, self.req.defines, self.req.incdirs)
        if self.req.parameters and self.source_text.full:
            # -G: the text stands for the top only with those values as its defaults
            self.source_text.full, why = with_top_parameters(self.source_text.full, self.top, self.req.parameters)
            self.source_text.reason = self.source_text.reason or why

        def closure(path: str) -> list[str] | None:
            # the text's own instances (read lexically) must hold every module elaborated below
            name = self._source_name(path)
            names = None if name is None else self.source_text.closure(name)
            if names is None or any(self._source_name(p) not in names for p in self._below(path)):
                return None
            return names

        self.whole = choose(self.instance_paths, survivors, narrowed, closure, self.instances_left,
                            self.spec.kept_signals,
                            top_changed=bool(self.req.prune and self.spec.dropped_outputs),
                            full_text=bool(self.source_text.full),
                            storage_intact=self._storage_intact(top))
        self.needed_inputs = self._needed_inputs()

    def _storage_intact(self, top: ys.Module) -> bool:
        """The cone removed no flip-flop bit, memory bit, print or assertion."""
        now = module_stats(top)
        effects = sum(n for t, n in now["cells_by_type"].items() if t in cs.SIDE_EFFECTS)
        before_effects = sum(n for t, n in self.before["cells_by_type"].items() if t in cs.SIDE_EFFECTS)
        return (effects == before_effects and now["ff_bits"] == self.before["ff_bits"]
                and now["memory_bits"] == self.before["memory_bits"])

    def _needed_inputs(self) -> dict[str, dict[str, list[bool] | None]]:
        """For each instance kept whole, which bits of each input port the flat cone needs; the
        others are tied to 0 (`tie_unneeded_inputs`), so the text instance observes nothing.
        opt_clean keeps a public wire that is read or is an alias, so a port wire the cone's
        netlist does not name was read by nothing: not needed. An instance none of whose ports
        is named there (a naming this code does not know) has every input needed."""
        if self.cone is None:
            return {}
        netnames, needed = self.cone.netlist.netnames, self.cone.needed
        out: dict[str, dict[str, list[bool] | None]] = {}
        for path in self.whole.paths:
            info = self.tree.info[self.instance_paths[path][0]]
            if not any(name.startswith(path + ".") for name in netnames):
                continue
            ports = out.setdefault(path, {})
            for port in info.inputs:
                entry = netnames.get(f"{path}.{port}")
                ports[port] = ([type(b) is not int or bool(needed[b]) for b in entry[1]] if entry is not None
                               else None)
        return out

    def tie_unneeded_inputs(self) -> None:
        top = self.design.top_module()
        for path, ports in self.needed_inputs.items():
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

    def _source_name(self, path: str) -> str | None:
        """The source module of the instance at `path`: yosys-slang names each instance's
        module `<module>$<top>.<path>` (read with --keep-hierarchy), read_verilog `<module>`."""
        module = self.instance_paths[path][0]
        if self.tree.info[module].blackboxes:
            return None
        base = module.split("$", 1)[0]
        if not _PLAIN_NAME.fullmatch(base):
            return None
        return base if module in (base, f"{base}${self.top}.{path}") else None

    def mark_whole(self) -> None:
        attr = ys.IdString("\\keep_hierarchy")
        for module, insts in self.whole.cells.items():
            m = self.design.module(ys.IdString("\\" + module))
            for inst in insts:
                m.cell(ys.IdString("\\" + inst)).set_bool_attribute(attr, True)

    def _below(self, path: str) -> list[str]:
        """The instance paths inside the instance at `path`, at any depth."""
        children = self.instance_paths[path][2]
        return [p for c in children for p in (c, *self._below(c))]

    @property
    def text_modules(self) -> list[str]:
        """The Yosys modules of the instances kept whole, and of every instance in them."""
        return sorted({self.instance_paths[p][0] for path in self.whole.paths for p in (path, *self._below(path))})

    def name_kept_instances(self) -> None:
        """Each instance kept whole gets its source module's name, whose text the output carries."""
        self.kept_instances = {}
        by_module = {self.instance_paths[p][0]: self._source_name(p) for p in self.whole.paths}
        for cell in self.design.top_module().cells_.values():
            module = plain(cell.type)
            if module in by_module:
                self.kept_instances[plain(cell.name)] = module
                cell.type = ys.IdString("\\" + by_module[module])
        for module in self.text_modules:
            self.design.remove(self.design.module(ys.IdString("\\" + module)))

    def write_source_text(self) -> None:
        Path(self.output).write_text(self.source_text.full, encoding="latin-1")

    def append_source_text(self) -> None:
        with open(self.output, "a", encoding="latin-1") as f:
            f.write(f"\n{SOURCE_TEXT_MARK}\n")
            f.write(self.source_text.text_of(self.whole.modules))

    def count_after_whole(self) -> None:
        self.after = dict(self.before)

    def finish_verilog(self) -> None:
        finish_verilog(Path(self.output))

    def split_false_loops(self) -> None:
        self.split_vars = split_false_loops(Path(self.output), self.top)

    def choose_mixed_form(self) -> None:
        """The flat cone's netlist (loaded, back end run) against the mixed output already written."""
        top = self.design.top_module()
        netlist_path = Path(self.tmp) / "netlist.v"
        ys.run_pass(f'write_verilog -noattr "{netlist_path}"', self.design)
        finish_verilog(netlist_path)
        split = split_false_loops(netlist_path, self.top)
        netlist = module_stats(top)
        state = {"mixed": self.after["ff_bits"] + self.after["memory_bits"],
                 "netlist": netlist["ff_bits"] + netlist["memory_bits"]}
        choice = {"state_bits": state}
        if state["netlist"] < state["mixed"]:
            choice["why"] = (f"the mixed form holds {state['mixed'] - state['netlist']} flip-flop and memory bits "
                             "more than the flat cone's netlist")
        elif self.req.top_form == "auto" and self.req.simulator == "icarus":
            lines = {"mixed": icarus.vvp_lines(Path(self.output).read_text(encoding="latin-1"), self.top),
                     "netlist": icarus.vvp_lines(netlist_path.read_text(encoding="latin-1"), self.top)}
            choice["vvp_lines"] = lines
            if lines["mixed"] is None or (lines["netlist"] is not None and lines["netlist"] < lines["mixed"]):
                choice["why"] = "Icarus makes less vvp code of the flat cone's netlist"
        elif self.req.top_form == "auto" and verilator_available():
            mixed_model = verilate(Path(self.output).read_text(encoding="latin-1"), self.top)
            netlist_model = verilate(netlist_path.read_text(encoding="latin-1"), self.top)
            choice["cpp_lines"] = {"mixed": mixed_model.lines, "netlist": netlist_model.lines}
            choice["model_bits"] = {"mixed": mixed_model.bits, "netlist": netlist_model.bits}
            if mixed_model.lines is None or (netlist_model.lines is not None and (
                    (netlist_model.bits, netlist_model.lines) < (mixed_model.bits, mixed_model.lines))):
                choice["why"] = "Verilator holds less or makes less C++ of the flat cone's netlist"
        if "why" in choice:
            choice["form"] = "netlist"
            Path(self.output).write_text(netlist_path.read_text(encoding="latin-1"), encoding="latin-1")
            netlist["cells_by_type"] = dict(sorted(netlist["cells_by_type"].items()))
            self.after, self.split_vars = netlist, split
            self.kept_instances, self.whole = {}, WholeInstances()
        else:
            choice.update(form="mixed", why="the mixed form holds no more state" + (
                " and Verilator makes no more C++ of it" if "cpp_lines" in choice else
                " and Icarus makes no more vvp code of it" if "vvp_lines" in choice else ""))
            ys.run_pass("design -load rtlprune_mixed", self.design)
        self.mixed_form = choice

    def _tie_off_possible(self) -> bool:
        """The whole text can stand for the pruned top when it is at hand and means what the
        pruned top means: no print or assertion (see below), no kept signal (the netlist has it
        at the top, the text one level down), ports that need no escaping; -G values are made
        the text's defaults (with_top_parameters). With --top-form source, a reason against is an error."""
        spec, req = self.spec, self.req
        if not req.prune or req.top_form == "netlist" or self.whole.top:
            return False
        why = ("--no-source-text was given" if not req.source_text
               else f"the source's text is not at hand ({self.source_text.reason})" if not self.source_text.full
               else "--keep names internal signals, which the text holds one level down" if spec.kept_signals
               else "prints or assertions are dropped, which the text has" if spec.drop_prints or spec.drop_assertions
               # fuzz seed 247: once its own dead-code removal inlined a 12-bit product into a $display,
               # Verilator 5.048 printed it at another width; the netlist marks what prints read public
               else "the design prints or asserts, and Verilator may print a value wrong once it inlines it"
               if self.side["prints"] or self.side["assertions"]
               else "a port name needs escaping" if not all(_PLAIN_NAME.fullmatch(p) for p, _, _ in self.ports)
               else "")
        if why and req.top_form == "source":
            raise UserError(f"--top-form source: {why}")
        return not why

    def choose_top_form(self) -> None:
        netlist_text = Path(self.output).read_text(encoding="latin-1")
        tie_off = tie_off_text(self.source_text.full, self.top, self.ports, self.spec.dropped_outputs)
        if self.req.top_form == "source":
            self.top_form = {"form": "netlist", "cpp_lines": {"netlist": None, "source_tie_off": None}}
            self._write_tie_off(tie_off, "--top-form source")
            return
        if self.req.simulator == "icarus":
            self._choose_top_form_for_icarus(netlist_text, tie_off)
            return
        netlist, source = verilate(netlist_text, self.top), verilate(tie_off, self.top)
        self.top_form = {"form": "netlist", "cpp_lines": {"netlist": netlist.lines, "source_tie_off": source.lines},
                         "model_bits": {"netlist": netlist.bits, "source_tie_off": source.bits}}
        kept = storage_verilator_keeps(source, self.top, self.removed_storage)
        if kept:  # by name, where Verilator's names and flatten's agree: which storage it is
            self.top_form["storage_only_pruning_removes"] = kept
        extra = source.bits - netlist.bits
        if source.lines is None:
            self.top_form["why"] = f"Verilator refused the source's text: {source.error}"
        elif extra > 0 and (kept or extra > UNNAMED_STATE_SLACK * source.bits):
            names = sorted(kept)
            self.top_form["why"] = (f"Verilator's model of the source's text holds {extra} bits more than its model "
                                    "of the netlist" + (": storage that only pruning removes"
                                                        f" ({', '.join(names[:5])}{', ...' if len(names) > 5 else ''})"
                                                        if names else ""))
        elif netlist.lines is not None and source.lines >= netlist.lines:
            self.top_form["why"] = "Verilator made less C++ of the netlist"
        else:
            self._write_tie_off(tie_off, "Verilator made less C++ of the source's text" + (
                f", and its model of it holds no register or memory pruning removed ({extra} bits more in "
                "temporaries)" if extra > 0 else ""))

    def _choose_top_form_for_icarus(self, netlist_text: str, tie_off: str) -> None:
        """Icarus evaluates every net it is given, dead or not: the form it makes less vvp code of."""
        lines = {"netlist": icarus.vvp_lines(netlist_text, self.top), "source_tie_off": icarus.vvp_lines(tie_off, self.top)}
        self.top_form = {"form": "netlist", "simulator": "icarus", "vvp_lines": lines}
        if lines["source_tie_off"] is None:
            self.top_form["why"] = ("Icarus is not installed" if not icarus.available()
                                    else "Icarus refused the source's text")
        elif lines["netlist"] is not None and lines["source_tie_off"] >= lines["netlist"]:
            self.top_form["why"] = "Icarus made less vvp code of the netlist"
        else:
            self._write_tie_off(tie_off, "Icarus made less vvp code of the source's text")

    def _write_tie_off(self, tie_off: str, why: str) -> None:
        self.top_form.update(form="source_tie_off", why=why)
        Path(self.output).write_text(tie_off, encoding="latin-1")
        self.after = dict(self.before)  # nothing is removed from the text: Verilator removes it
        self.kept_instances = {}
        self.whole = WholeInstances()   # no instance is kept apart: everything is the source's text

    def count_after(self) -> None:
        self.after = module_stats(self.design.top_module())
        for cell_name, module in self.kept_instances.items():  # an instance kept whole counts what it holds
            cell_type = self.design.top_module().cell(ys.IdString("\\" + cell_name)).type.str()
            by_type = self.after["cells_by_type"]
            by_type[cell_type] -= 1
            if not by_type[cell_type]:
                del by_type[cell_type]
            inside = self.tree.module_stats(module)
            self.after["cells"] += inside["cells"] - 1
            for key in ("ff_bits", "memory_bits"):
                self.after[key] += inside[key]
            for t, k in inside["cells_by_type"].items():
                by_type[t] = by_type.get(t, 0) + k
        self.after["cells_by_type"] = dict(sorted(self.after["cells_by_type"].items()))

    # -- the whole flow ------------------------------------------------------------------------

    def result(self) -> FlowResult:
        ends = self.label_end
        t_front, t_end = ends["stats"], max(ends.values())
        t_prune = max(ends[k] for k in ("flatten", "cone", "whole", "keep_whole") if k in ends)
        cut = {k: v for k, v in vars(self.cut).items() if k != "narrowed"} if self.cut else {}
        return FlowResult(
            top=self.top, sources=self.req.sources, spec=self.spec.to_json(), side_effects_observed=self.side,
            ports=self.ports, before=self.before, after=self.after, cut=cut,
            seconds={
                "frontend": round(t_front - self.t0, 3),
                "prune": round(t_prune - t_front, 3),
                "backend": round(t_end - t_prune, 3),
                "total": round(t_end - self.t0, 3),
                "cpu_total": round(time.process_time(), 3),
                "steps": self.steps,
            },
            explain=self.explanations,
            source_text={"top": self.whole.top, "instances": [p for p in self.whole.paths if p],
                         "modules": self.whole.modules, "unavailable": self.source_text.reason,
                         "top_form": self.top_form, "mixed_form": self.mixed_form},
        )


def run_flow(req: FlowRequest) -> FlowResult:
    with tempfile.TemporaryDirectory(prefix="rtlprune_src_") as tmp:
        runner = FlowRunner(req, tmp)
        script(runner)
        runner._close_label()
    return runner.result()
