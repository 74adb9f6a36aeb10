"""The harness pipeline's `Bench` (compare.py): the four variants under the harness, each run
by the simulator's driver to the end (its C++ or Verilog clock loop; wall time is that loop's),
and a lockstep equivalence run of original against pruned on the same workload."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from rtlprune import icarus
from rtlprune import verilator as vlt
from rtlprune.simulation import simulator_tag
from rtlprune.simulation.backends import simulator_json, timed_backend
from rtlprune.simulation.compare import Bench, Timed, check_runs, compare
from rtlprune.simulation.comparison import Comparison, write_json
from rtlprune.simulation.harness.description import HarnessDesign
from rtlprune.simulation.harness.equivalence import run_lockstep
from rtlprune.simulation.harness.variants import prepare
from rtlprune.simulation.variants import VARIANTS

log = logging.getLogger(__name__)

# Below this the clock loop's wall time is mostly timer and cache noise (a run of milliseconds can
# read as a many-fold speedup).
MIN_LOOP_S = 0.1


@dataclass
class HarnessWorkload:
    name: str
    image: Path     # the program and data the harness loads (the description's `image` command)


class HarnessBench(Bench):
    def __init__(self, design: HarnessDesign, config: str, build_root: Path, fresh: bool = True,
                 simulator: str = "verilator", equiv_backend: str | None = None):
        self.design, self.config, self.simulator = design, config, simulator
        self.bdir = build_root / f"{design.name}-{config}"
        self.tag = simulator_tag(simulator)
        self.backend = timed_backend(simulator, clock=design.clock, reset=design.reset,
                                     reset_active_high=design.reset_active_high, reset_cycles=design.reset_cycles,
                                     done=design.done,
                                     report=[o for o in [design.cycles, design.done, *design.failure_outputs] if o])
        # the lockstep run goes through the simulator's own driver unless told otherwise
        self.equiv_backend = equiv_backend or self.backend.name
        self.variants = prepare(design, config, self.bdir, fresh=fresh, simulator=simulator)
        self.min_timed_s = MIN_LOOP_S
        self.noise = "timer noise" if simulator == "verilator" else "vvp's loading of the design"

    def build(self, variant: str):
        b = self.backend.build(self.variants.sources(variant), self.design.harness_top,
                               self.bdir / f"timed-{variant}{self.tag}")
        log.info(f"{variant}: build {b.build_s:.1f} s{' (cached)' if b.cached else ''}")
        return b

    def inputs(self, workload: str) -> HarnessWorkload:
        return HarnessWorkload(workload, self.design.make_image(self.config, workload,
                                                               self.bdir / "images" / f"{workload}.hex"))

    def check(self, workload: HarnessWorkload):
        log.info(f"equivalence: lockstep run of original vs pruned on {workload.name}")
        eq = run_lockstep(self.variants, workload.image,
                          self.bdir / "runs" / workload.name / f"lockstep{self.tag}", backend=self.equiv_backend)
        log.info(eq.message)
        return eq

    def run(self, variant: str, build, workload: HarnessWorkload, check):
        wd = self.bdir / "runs" / workload.name / f"{variant}{self.tag}"
        return self.backend.run(build, [*self.design.run_plusargs(workload.image, wd),
                                        f"+rtlprune_max_cycles={self.design.max_cycles}"], wd)

    def run_note(self, run) -> str:
        return f"  {int(run.values['clock_cycles']) / max(run.seconds, 1e-9) / 1e6:6.3f} M cycles/s"

    def details(self, workload: HarnessWorkload, check, timed: Timed) -> tuple[dict, list[str]]:
        d, samples, wall = self.design, timed.samples, timed.wall
        problems, cycles, clock_cycles = [], {}, {}
        for name in VARIANTS:
            rs = samples[name]
            vals = rs[0].values
            if vals["limit_hit"] == "1":
                problems.append(f"{name}: hit the cycle limit of {d.max_cycles} cycles (hung?)")
            for f in d.failure_outputs:
                if vals.get(f, "0") != "0":
                    problems.append(f"{name}: harness output {f}={vals[f]} (the harness gave up)")
            cycles[name] = int(vals[d.cycles]) if d.cycles else int(vals["clock_cycles"])
            clock_cycles[name] = int(vals["clock_cycles"])
            if len({r.values.get(d.cycles, r.values["clock_cycles"]) for r in rs}) != 1:
                problems.append(f"{name}: cycle count differs between runs")
        if len(set(cycles.values())) != 1 or len(set(clock_cycles.values())) != 1:
            problems.append("cycle counts differ between variants: " + ", ".join(f"{n}={cycles[n]}" for n in VARIANTS))
        if not check.equal:
            problems.append(check.message)
        return {
            "config": self.config, "cycles": cycles, "clock_cycles": clock_cycles,
            "cycles_per_s": {n: round(clock_cycles[n] / max(wall[n], 1e-9)) for n in VARIANTS},
            "peak_rss_mb": {n: round(max(r.peak_rss_mb for r in samples[n]), 1) for n in VARIANTS},
            "equivalence": {"mode": check.mode, "backend": self.equiv_backend, "message": check.message},
        }, problems

    def simulator_json(self) -> dict:
        if self.simulator == "verilator":
            return {"simulator": simulator_json("verilator"), "verilator_flags": vlt.SIM_FLAGS,
                    "verilator": vlt.found().to_json()}
        return {"simulator": simulator_json(self.simulator), "icarus_flags": list(icarus.BUILD_FLAGS)}


def result_path(design: HarnessDesign, config: str, workload: str, results_dir: Path, simulator: str) -> Path:
    return results_dir / f"{design.name}-{config}-{workload}{simulator_tag(simulator)}.json"


def compare_workload(design: HarnessDesign, config: str, workload: str, build_root: Path, results_dir: Path,
                     runs: int = 3, equiv_backend: str | None = None, fresh: bool = True,
                     simulator: str = "verilator") -> Comparison:
    """Build, check and time the four variants on one workload (every run to the end) under
    `simulator`; the lockstep run goes through `equiv_backend` (by default the simulator's own
    driver); write the result to `result_path` and return it."""
    design.check(config, workload)
    check_runs(runs)
    bench = HarnessBench(design, config, build_root, fresh=fresh, simulator=simulator, equiv_backend=equiv_backend)
    [result] = compare(bench, [workload], runs)
    write_json(result_path(design, config, workload, results_dir, simulator), result)
    return result
