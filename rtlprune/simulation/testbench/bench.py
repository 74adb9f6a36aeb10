"""The own-testbench pipeline's `Bench` (compare.py): the four variants built with identical
flags, each run as a whole process (wall time includes start-up and file loading), after the
trace and lockstep equivalence runs (equivalence.py) on the same workload. Its figures add the
state checks: what Verilator's model of each variant holds, and what the written DUT keeps
against the flat cone."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from rtlprune import icarus
from rtlprune import verilator as vlt
from rtlprune.errors import UserError
from rtlprune.hdl.tie_off import verilate_sources
from rtlprune.report import is_text_form, structural_excess
from rtlprune.simulation import simulator_tag
from rtlprune.simulation.backends import simulator_json
from rtlprune.simulation.compare import Bench, Timed, check_runs, compare
from rtlprune.simulation.comparison import Comparison, write_json
from rtlprune.simulation.testbench.description import TestbenchDesign, Workload
from rtlprune.simulation.testbench.equivalence import (
    equivalence,
    feedback_note,
    lockstep,
    run_model,
    with_original_end,
)
from rtlprune.simulation.testbench.variants import prepare
from rtlprune.simulation.testbench.workload_inputs import with_generated_inputs
from rtlprune.simulation.variants import MODEL_STATE_VARIANTS

log = logging.getLogger(__name__)

# Below this a run's wall time is mostly process start and file loading, not simulation.
MIN_TIMED_S = 0.2


def model_state_bits(v, extra_flags: list[str]) -> dict[str, int | None]:
    """What Verilator's model of each variant holds under the DUT's instance: the bits of its
    variables with every module inlined, ports and Verilator's own left out (the measure of the
    effectiveness judge, tie_off.verilate_sources); None where Verilator refused the variant."""
    design = v.design.for_verilator()
    flags = [*design.verilator_flags(), *extra_flags]
    timing = ["--timing"] if design.main is None or "--timing" in flags else []
    inner = design.dut_instance + "."
    out = {}
    for name in MODEL_STATE_VARIANTS:
        model = verilate_sources(v.sources(name), design.top, [*timing, *flags])
        out[name] = None if model.lines is None else sum(b for k, b in model.variable_bits.items()
                                                         if k.startswith(inner))
    log.info("Verilator model state under " + design.dut_instance + ": "
         + ", ".join(f"{n} {b if b is not None else 'refused'} bits" for n, b in out.items()))
    return out


def state_excess(report: dict, reference_report: dict, model_state: dict) -> list[str]:
    """What the pruned DUT keeps beyond what it may, as the fuzzer's effectiveness judge has it:
    a netlist no more flip-flop and memory bits than the flat cone; the source's own text (which
    keeps its cells for Verilator to remove) no more model state than the peer's."""
    if not is_text_form(report):
        return structural_excess(report, reference_report)
    ours, peer = model_state["pruned"], model_state["peer"]
    if ours is None or peer is None or ours <= peer:
        return []
    return [f"(the source's text) holds {ours - peer} bits more in Verilator's model than the peer ({ours} against {peer})"]


class Builder:
    """Builds every variant of one design under one simulator with identical flags, and says
    what each build made (for the same-model checks and the table)."""

    def __init__(self, simulator: str, design: TestbenchDesign, flags: list[str]):
        self.simulator, self.design, self.flags = simulator, design, flags
        self.tag = simulator_tag(simulator)
        self.icarus_flags = icarus.flags_from_verilator(flags)
        if simulator == "icarus":
            icarus.require()

    def build(self, sources: list[Path], out_dir: Path):
        out_dir = out_dir.with_name(out_dir.name + self.tag)
        if self.simulator == "icarus":
            return icarus.build(sources, self.design.top, out_dir, self.icarus_flags, log=log.info)
        return vlt.build_testbench(sources, self.design.top, out_dir, self.flags, self.design.main, log=log.info)

    def lines(self, build) -> int:
        """Lines of what the simulator made of the text: Verilator's C++, or Icarus' vvp code."""
        if self.simulator == "icarus":
            return len(build.binary.read_bytes().splitlines())
        return vlt.generated_cpp_lines(build.binary.parent)

    def shape(self, build) -> str | None:
        """The model up to the names of instances and signals (Verilator only)."""
        return vlt.generated_cpp_shape(build.binary.parent) if self.simulator == "verilator" else None

    def to_json(self) -> dict:
        if self.simulator == "icarus":
            flags = [f.replace("{top}", self.design.top) for f in self.icarus_flags]
            return {"simulator": simulator_json("icarus"), "icarus_flags": [*icarus.BUILD_FLAGS, *flags]}
        return {"simulator": simulator_json("verilator"), "verilator_flags": [*vlt.SIM_FLAGS, *self.design.verilator_flags()],
                "verilator": vlt.found().to_json()}


class TestbenchBench(Bench):
    __test__ = False                # not a pytest test class, despite its name

    def __init__(self, design: TestbenchDesign, build_root: Path, timeout_s: float = 1800.0,
                 simulator: str = "verilator"):
        self.design, self.simulator, self.timeout_s = design, simulator, timeout_s
        self.bdir = build_root / design.name
        self.variants = prepare(design, self.bdir, simulator)
        # the renamed copy of the DUT's defining source lives in the build directory: its `include`s
        # still find their files through the original's directory
        self.includes = [f"+incdir+{design.definition_file().parent}"]
        self.builder = Builder(simulator, design, [*design.verilator_flags(), *self.includes])
        self.variants.unique_modules = simulator == "icarus"
        self.min_timed_s = MIN_TIMED_S
        self.noise = "vvp's loading of the design" if simulator == "icarus" else "process start-up"
        self.cpp_lines: dict[str, int] = {}
        self.shapes: dict[str, str | None] = {}
        self._checks = None         # the model state and the equivalence builds, made once

    def build(self, variant: str):
        b = self.builder.build(self.variants.sources(variant), self.bdir / f"timed-{variant}")
        self.cpp_lines[variant] = self.builder.lines(b)
        self.shapes[variant] = self.builder.shape(b)
        log.info(f"{variant}: build {b.build_s:.1f} s{' (cached)' if b.cached else ''}, "
                 f"{self.cpp_lines[variant]:,} lines of {'C++' if self.simulator == 'verilator' else 'vvp code'}")
        return b

    def _equivalence_builds(self):
        if self._checks is None:
            v = self.variants
            self._checks = (model_state_bits(v, self.includes),
                            {n: self.builder.build(v.observed_sources(n), self.bdir / f"observed-{n}")
                             for n in ("original", "pruned")},
                            self.builder.build(v.lockstep_sources(), self.bdir / "lockstep"))
        return self._checks

    def inputs(self, workload: str):
        wl = self.design.workload(workload)
        return with_generated_inputs(wl, self.bdir / "inputs" / wl.name, log=log.info, timeout_s=self.timeout_s)

    def _run_dir(self, workload) -> Path:
        return self.bdir / "runs" / (workload.name + self.builder.tag)

    def check(self, workload):
        v, design = self.variants, self.design
        model_state, observed, lockstep_build = self._equivalence_builds()
        log.info(f"equivalence on {workload.name}: original vs pruned, {len(v.kept_outputs)} kept outputs hashed every cycle")
        run_dir = self._run_dir(workload)
        eq = equivalence(v, observed, workload, run_dir, self.timeout_s)
        log.info("traces equal" if eq["equal"] else "NOT EQUAL: " + "; ".join(eq["problems"]))
        log.info(f"lockstep on {workload.name}: original and pruned side by side, every kept output compared every cycle")
        ls = lockstep(lockstep_build, workload, run_dir, self.timeout_s, eq["exit_code"], v.kept_ports())
        log.info(f"lockstep equal over {ls['cycles']:,} cycles" if ls["equal"] else "NOT EQUAL: " + "; ".join(ls["problems"]))
        if note := feedback_note(eq, ls):
            log.info(note)
            if design.reads_dropped:   # declared: the lockstep run is the check
                eq["expected"], eq["problems"] = [*eq["problems"], note], []
            else:
                eq["problems"].append(note)
        return TestbenchCheck(eq, ls, model_state, with_original_end(design, workload, eq["cycles"]))

    def run(self, variant: str, build, workload, check):
        run_dir = self._run_dir(workload)
        r = run_model(build.binary, check.timed, run_dir / variant, self.timeout_s)
        if r.exit_code != check.eq["exit_code"]:
            raise UserError(f"{self.design.name} {variant} on {workload.name}: exit status {r.exit_code}, "
                            f"the observed original's was {check.eq['exit_code']} (log {run_dir / variant})")
        return r

    def pruned_is_peer(self, same: frozenset) -> bool:
        return self.shapes["pruned"] is not None and self.shapes["pruned"] == self.shapes["peer"] and "pruned" not in same

    def details(self, workload, check, timed: Timed) -> tuple[dict, list[str]]:
        v, eq, ls = self.variants, check.eq, check.ls
        return {
            "cycles": eq["cycles"], "dropped_outputs": v.dropped_outputs, "kept_outputs": len(v.kept_outputs),
            "cells": {"before": v.report["before"]["cells"], "after": v.report["after"]["cells"]},
            # flip-flop and memory bits the written DUT keeps, and the flat cone's (--no-source-text)
            "state_bits": {n: r["after"]["ff_bits"] + r["after"]["memory_bits"]
                           for n, r in (("pruned", v.report), ("reference", v.reference_report))},
            "state_judged_by": "model" if is_text_form(v.report) else "flat cone",
            "state_excess": state_excess(v.report, v.reference_report, check.model_state),
            "model_state_bits": check.model_state,
            # what the simulator made of each variant: lines of Verilator's C++, or of Icarus' vvp code
            ("vvp_lines" if self.simulator == "icarus" else "cpp_lines"): dict(self.cpp_lines),
            "pruned_same_model_as_peer": self.pruned_is_peer(timed.same),
            "top_form": (v.report["source_text"].get("top_form") or {}).get("form"),
            "expected_differences": eq.get("expected", []),
            "trace_equal": eq["equal"], "lockstep_equal": ls["equal"], "lockstep_cycles": ls["cycles"],
        }, eq["problems"] + ls["problems"]

    def simulator_json(self) -> dict:
        return self.builder.to_json()


@dataclass
class TestbenchCheck:
    """Both equivalence runs of one workload, the model state, and the workload as timed (ending
    with the original's last cycle where the description asks)."""
    __test__ = False
    eq: dict
    ls: dict
    model_state: dict
    timed: Workload

    @property
    def equal(self) -> bool:
        return (self.eq["equal"] or bool(self.eq.get("expected"))) and self.ls["equal"]


def result_path(design: TestbenchDesign, results_dir: Path, simulator: str) -> Path:
    return results_dir / f"corpus-{design.name}{simulator_tag(simulator)}.json"


def compare_design(design: TestbenchDesign, workloads: list[str], build_root: Path, results_dir: Path,
                   runs: int = 3, timeout_s: float = 1800.0, simulator: str = "verilator") -> list[Comparison]:
    """Prune `design`, check original against pruned on each workload (trace and lockstep) and
    time the four variants under `simulator`; write the results to `result_path` and return them."""
    check_runs(runs)
    names = workloads or design.default_workloads or list(design.workloads)
    for name in names:
        design.workload(name)
    results = compare(TestbenchBench(design, build_root, timeout_s, simulator), names, runs)
    write_json(result_path(design, results_dir, simulator), results)
    return results
