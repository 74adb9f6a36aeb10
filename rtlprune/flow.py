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

from rtlprune import cell_models as cm
from rtlprune.errors import UserError
from rtlprune.explain import explain
from rtlprune.scripts import run_script
from rtlprune.spec import SpecRequest, resolve
from rtlprune.stats import module_stats
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


def check_supported(module: ys.Module) -> None:
    for wire in module.wires_.values():
        if wire.port_input and wire.port_output:
            raise UserError(f"{_src(wire)}: inout port '{plain(wire.name)}' is not supported")
    if module.processes:
        raise UserError(f"processes left in '{plain(module.name)}' after proc: unsupported constructs")


def _names(module: ys.Module):
    ports = sorted(module.wires_.values(), key=lambda w: w.port_id)
    ports = [w for w in ports if w.port_id]
    outputs = [plain(w.name) for w in ports if w.port_output]
    signals = sorted(plain(w.name) for w in module.wires_.values() if w.name.isPublic())
    keep_attr = ys.IdString("\\rtlprune_keep")
    drop_attr = ys.IdString("\\rtlprune_drop")
    attr_keep = sorted(plain(w.name) for w in module.wires_.values() if w.has_attribute(keep_attr))
    attr_drop = [plain(w.name) for w in ports if w.port_output and w.has_attribute(drop_attr)]
    return [plain(w.name) for w in ports], outputs, signals, attr_keep, attr_drop


def _side_effects(module: ys.Module, spec: SpecRequest) -> dict[str, int]:
    counts = {"prints": 0, "assertions": 0, "blackboxes": 0}
    for cell in module.cells_.values():
        t = cell.type.str()
        if t in cm.PRINTS and not spec.drop_prints:
            counts["prints"] += 1
        elif t in cm.ASSERTIONS and not spec.drop_assertions:
            counts["assertions"] += 1
        elif cm.is_blackbox_type(t):
            counts["blackboxes"] += 1
    return counts


def run_flow(req: FlowRequest) -> dict:
    t0 = time.monotonic()
    design = ys.Design()
    verilog = [s for s in req.sources if not s.endswith(RTLIL_SUFFIXES)]
    rtlil = [s for s in req.sources if s.endswith(RTLIL_SUFFIXES)]
    sv = req.sv or any(s.endswith(SV_SUFFIXES) for s in verilog)
    run_script(design, "read", verilog=verilog, rtlil=rtlil, sv=sv, defines=req.defines, incdirs=req.incdirs)
    top = pick_top(design, req.top)
    check_instances(design)
    run_script(design, "elaborate", top=top)
    module = design.top_module()
    if module.memories:
        run_script(design, "memories")
    check_supported(module)
    before = module_stats(module)
    names_before = {plain(n) for n in module.wires_} | {plain(n) for n in module.cells_}
    ports, outputs, signals, attr_keep, attr_drop = _names(module)
    side = _side_effects(module, req.spec)
    spec = resolve(req.spec, top, outputs, ports, signals, attr_keep, attr_drop, sum(side.values()))
    t_front = time.monotonic()
    run_script(
        design, "prune", drop=spec.dropped_outputs, keep=spec.kept_signals,
        drop_prints=spec.drop_prints, drop_assertions=spec.drop_assertions,
    )
    cone, cut = passes.LAST_CONE, passes.LAST_CUT
    explanations = {}
    for name in req.explain:
        lines = explain(cone, name, name in names_before)
        if not lines:
            raise UserError(f"--explain '{name}': no signal or cell of that name in '{top}'")
        explanations[name] = lines
    t_prune = time.monotonic()
    run_script(design, "backend", output=req.output)
    after = module_stats(module)
    t_end = time.monotonic()
    return {
        "top": top,
        "sources": req.sources,
        "spec": spec.to_json(),
        "side_effects_observed": side,
        "before": before,
        "after": after,
        "cut": {k: v for k, v in vars(cut).items() if k != "narrowed"},
        "seconds": {
            "frontend": round(t_front - t0, 3),
            "prune": round(t_prune - t_front, 3),
            "backend": round(t_end - t_prune, 3),
            "total": round(t_end - t0, 3),
        },
        "explain": explanations,
    }
