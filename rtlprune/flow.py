"""The pruning flow, in process with pyosys: read, elaborate, observe, cut, write.

Runs inside the worker subprocess (see `worker`), because a Yosys ERROR ends the process
that hosts it.
"""

from __future__ import annotations

import re
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from pyosys import libyosys as ys

from rtlprune.errors import UserError
from rtlprune.explain import explain
from rtlprune.hierarchy import DesignTree, unprotect
from rtlprune.scripts import run_script
from rtlprune.sources import read_sources
from rtlprune.spec import SpecRequest, resolve
from rtlprune.stats import module_stats
from rtlprune.verilog_out import finish_verilog
from yosys_passes import passes
from yosys_passes.pyosys_util import plain

RTLIL_SUFFIXES = (".il", ".rtlil")
SV_SUFFIXES = (".sv", ".svh")


@dataclass
class FlowRequest:
    sources: list[str]
    output: str
    top: str | None = None
    spec: SpecRequest = field(default_factory=SpecRequest)
    defines: list[str] = field(default_factory=list)
    incdirs: list[str] = field(default_factory=list)
    sv: bool = False
    explain: list[str] = field(default_factory=list)
    # False: the same flow with nothing removed (the round-trip baseline of benchmarks).
    prune: bool = True

    @classmethod
    def from_json(cls, data: dict) -> "FlowRequest":
        data = dict(data)
        data["spec"] = SpecRequest(**data["spec"])
        return cls(**data)

    def to_json(self) -> dict:
        return asdict(self)


def _src(obj) -> str:
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
        return requested
    used = {plain(c.type) for m in real.values() for c in m.cells_.values()}
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
                    f"{_src(cell)}: module '{plain(cell.type)}' (instance '{plain(cell.name)}') is not "
                    "defined; give its source, or declare it as a (* blackbox *) module"
                )


def check_supported(design: ys.Design, top: ys.Module) -> None:
    for wire in top.wires_.values():
        if wire.port_input and wire.port_output:
            raise UserError(f"{_src(wire)}: inout port '{plain(wire.name)}' is not supported")
    for module in design.modules_.values():
        if module.processes:
            raise UserError(f"processes left in '{plain(module.name)}' after proc: unsupported constructs")


_PROC_MARK = ys.IdString("\\rtlprune_proc")


def run_proc(design: ys.Design) -> None:
    """`proc` on the modules that have processes, and only on those."""
    marked = [m for m in design.modules_.values() if m.processes and not m.get_blackbox_attribute()]
    for m in marked:
        m.set_bool_attribute(_PROC_MARK, True)
    if marked:
        run_script(design, "proc")
    for m in marked:
        m.set_bool_attribute(_PROC_MARK, False)


def _ports(module: ys.Module):
    ports = sorted(module.wires_.values(), key=lambda w: w.port_id)
    ports = [w for w in ports if w.port_id]
    outputs = [plain(w.name) for w in ports if w.port_output]
    drop_attr = ys.IdString("\\rtlprune_drop")
    attr_drop = [plain(w.name) for w in ports if w.port_output and w.has_attribute(drop_attr)]
    return [plain(w.name) for w in ports], outputs, attr_drop


class _Steps:
    """Wall and CPU seconds of each step of the flow, for the report."""

    def __init__(self):
        self.t0 = self.t = time.monotonic()
        self.c = time.process_time()
        self.steps: dict[str, dict[str, float]] = {}

    def __call__(self, name: str) -> float:
        t, c = time.monotonic(), time.process_time()
        self.steps[name] = {"wall": round(t - self.t, 3), "cpu": round(c - self.c, 3)}
        self.t, self.c = t, c
        return t


def run_flow(req: FlowRequest) -> dict:
    step = _Steps()
    t0 = step.t0
    design = ys.Design()
    verilog = [s for s in req.sources if not s.endswith(RTLIL_SUFFIXES)]
    rtlil = [s for s in req.sources if s.endswith(RTLIL_SUFFIXES)]
    sv = req.sv or any(s.endswith(SV_SUFFIXES) for s in verilog)
    read_sources(design, verilog, rtlil, sv, req.defines, req.incdirs)
    step("read")
    top = pick_top(design, req.top)
    check_instances(design)
    run_script(design, "hierarchy", top=top)
    step("hierarchy")
    run_proc(design)
    check_supported(design, design.top_module())
    step("proc")
    # The spec and the "before" figures speak of the flattened design; they are computed
    # from the hierarchy, which is pruned before it is flattened.
    tree = DesignTree(design, top)
    ports, outputs, attr_drop = _ports(design.top_module())
    signals, attr_keep = tree.flat_wires()
    effects = tree.flat_side_effects()
    side = {
        "prints": 0 if req.spec.drop_prints else effects["prints"],
        "assertions": 0 if req.spec.drop_assertions else effects["assertions"],
        "finishes": effects["finishes"],
        "blackboxes": effects["blackboxes"],
    }
    spec = resolve(req.spec, top, outputs, ports, sorted(signals), sorted(attr_keep), attr_drop,
                   sum(side.values()))
    marks = tree.protect(spec.kept_signals, spec.drop_prints, spec.drop_assertions) if req.prune else []
    step("spec")
    if any(m.memories for m in design.modules_.values()):
        run_script(design, "memories")
        tree = DesignTree(design, top)
        step("memories")
    before = tree.flat_stats()
    names_before = tree.flat_names() if req.explain else set()
    t_front = step("stats")
    if req.prune:
        run_script(design, "hier_prune", drop=spec.dropped_outputs)
        unprotect(marks)
    step("hier_prune")
    run_script(design, "flatten")
    step("flatten")
    cone = cut = None
    if req.prune:
        run_script(
            design, "prune", drop=[], keep=spec.kept_signals,
            drop_prints=spec.drop_prints, drop_assertions=spec.drop_assertions,
        )
        cone, cut = passes.LAST_CONE, passes.LAST_CUT
    module = design.top_module()
    explanations = {}
    for name in req.explain:
        lines = explain(cone, name, name in names_before)
        if not lines:
            raise UserError(f"--explain '{name}': no signal or cell of that name in '{top}'")
        explanations[name] = lines
    t_prune = step("cone")
    run_script(design, "backend", output=req.output)
    finish_verilog(Path(req.output))
    after = module_stats(module)
    t_end = step("backend")
    return {
        "top": top,
        "sources": req.sources,
        "spec": spec.to_json(),
        "side_effects_observed": side,
        "before": before,
        "after": after,
        "cut": {k: v for k, v in vars(cut).items() if k != "narrowed"} if cut else {},
        "seconds": {
            "frontend": round(t_front - t0, 3),
            "prune": round(t_prune - t_front, 3),
            "backend": round(t_end - t_prune, 3),
            "total": round(t_end - t0, 3),
            "cpu_total": round(time.process_time(), 3),
            "steps": step.steps,
        },
        "explain": explanations,
    }
