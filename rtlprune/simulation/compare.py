"""The one timed comparison of the four variants (variants.VARIANTS) of a design, under one
simulator with identical flags, for both pipelines: each variant built once; on every workload
the pipeline's equivalence runs of original against pruned, then each variant run `runs` times,
interleaved, its wall time the median; the result a `Comparison` (comparison.py).

What differs between the pipelines (how a variant is built and run, what the equivalence runs
are, which figures they add) is a `Bench`: harness/bench.py, testbench/bench.py."""

from __future__ import annotations

import logging
import statistics
import time
from abc import ABC, abstractmethod
from dataclasses import dataclass

from rtlprune.errors import UserError
from rtlprune.simulation import RunLog
from rtlprune.simulation.backends import describe, model_digest
from rtlprune.simulation.comparison import Comparison
from rtlprune.simulation.variants import VARIANTS, VariantSources

log = logging.getLogger(__name__)


@dataclass
class Timed:
    """The timed runs of one workload: each variant's build, runs and median wall time, and
    the variants whose model is the original's."""
    builds: dict
    samples: dict[str, list]
    wall: dict[str, float]
    same: frozenset


class Bench(ABC):
    """How one pipeline builds, checks and runs the variants of one design under `simulator`."""
    simulator: str
    variants: VariantSources
    min_timed_s: float      # below this the original's run is too short to time
    noise: str              # what the times of such a run mostly are

    @abstractmethod
    def build(self, variant: str):
        """The timed model of `variant` (a backends.Build: build_s, cached, binary)."""

    @abstractmethod
    def inputs(self, workload: str):
        """The workload named `workload`, ready to run (its image, its generated files); `.name`
        is its name."""

    @abstractmethod
    def check(self, workload):
        """The equivalence runs of original against pruned on `workload`; `.equal` is the verdict."""

    @abstractmethod
    def run(self, variant: str, build, workload, check):
        """One timed run of `variant`; `.seconds` is its wall time."""

    @abstractmethod
    def details(self, workload, check, timed: Timed) -> tuple[dict, list[str]]:
        """The pipeline's own figures of the result, and the problems its runs showed."""

    @abstractmethod
    def simulator_json(self) -> dict:
        """The simulator and the flags every variant was built with."""

    def run_note(self, run) -> str:
        """What a progress line says of a timed run after its time."""
        return ""

    def pruned_is_peer(self, same: frozenset) -> bool:
        """Is the pruned model the peer's but for names (a source kept behind a tie-off wrapper)?"""
        return False


def check_runs(runs: int) -> None:
    if runs < 1:
        raise UserError("--runs must be at least 1")


def compare(bench: Bench, workloads: list[str], runs: int) -> list[Comparison]:
    """Build the four variants, then on each workload check and time them: one result each."""
    check_runs(runs)
    log.info(f"building with {describe(bench.simulator)}")
    builds = {name: bench.build(name) for name in VARIANTS}
    # a variant whose model is the original's is the same model: its ratio is noise, said as such
    same = same_model_as_original(bench.simulator, builds)
    results = []
    for name in workloads:
        workload = bench.inputs(name)
        check = bench.check(workload)
        samples: dict[str, list] = {n: [] for n in VARIANTS}
        label = workload.name
        shown = RunLog(f"timing {label}", runs * len(VARIANTS))
        for i in range(runs):
            for variant in round_order(VARIANTS, i):
                r = bench.run(variant, builds[variant], workload, check)
                samples[variant].append(r)
                shown.step(f"run {i + 1}/{runs} {label} {variant:9s} {r.seconds:8.3f} s{bench.run_note(r)}")
        shown.close()
        wall = {n: statistics.median(r.seconds for r in samples[n]) for n in VARIANTS}
        details, problems = bench.details(workload, check, Timed(builds, samples, wall, same))
        model = "C++" if bench.simulator == "verilator" else "compiled design"
        warnings = [*timing_warnings(wall, bool(bench.variants.dropped_outputs), bench.min_timed_s, bench.noise,
                                     same, bench.pruned_is_peer(same), model=model),
                    *runtime_build_note(builds)]
        results.append(Comparison(
            design=bench.variants.design.name, workload=label, runs=runs,
            wall_s=wall, wall_s_runs={n: [r.seconds for r in samples[n]] for n in VARIANTS},
            build_s={n: builds[n].build_s for n in VARIANTS},
            same_cpp_as_original=sorted(same), traces_equal=bool(check.equal), problems=problems,
            warnings=warnings, simulator=bench.simulator_json(), details=details,
            timestamp=time.strftime("%Y-%m-%d %H:%M:%S")))
    return results


def round_order(variants: tuple[str, ...], i: int) -> tuple[str, ...]:
    """The variants in round `i` of interleaved runs, rotated by one each round: a variant's place
    in the round must not decide its time (the later runs of a round can run slower than the
    first, identical binaries included)."""
    k = i % len(variants)
    return variants[k:] + variants[:k]


def timing_warnings(wall: dict, has_dropped: bool, min_s: float, what: str,
                    same_model: frozenset = frozenset(), pruned_is_peer: bool = False,
                    model: str = "C++") -> list[str]:
    """What a reader of the table could misread: a run too short to time, pruned slower than
    the original or (when an output is dropped) the peer, a round trip slower than the original.
    `same_model`: the variants whose generated C++ is the original's; their time differs from the
    original's only by run-to-run noise, which is said instead. `pruned_is_peer`: the pruned
    model's C++ is the peer's but for names (rtlprune wrote the source behind a tie-off wrapper,
    which is what the peer is); their difference is that of two builds of one model. `model`:
    what the simulator makes of the text ("C++" for Verilator, "compiled design" for Icarus)."""
    ratio = lambda a, b: wall[a] / max(wall[b], 1e-9)  # noqa: E731
    out = []
    if wall["original"] < min_s:
        out.append(f"the original runs {wall['original'] * 1e3:.0f} ms: too short to time, the ratios are "
                   f"mostly {what}")
    if same_model:
        spread = max(abs(ratio("original", n) - 1) for n in same_model)
        out.append(f"{', '.join(sorted(same_model))}: the same {model} as the original, so the same model; "
                   f"their ratios show the run-to-run noise (up to {100 * spread:.0f}%)")
    if wall["pruned"] > wall["original"] and "pruned" not in same_model:
        out.append(f"pruned is SLOWER than the original ({ratio('original', 'pruned'):.2f}x)")
    if pruned_is_peer:
        out.append(f"pruned: the same C++ as the peer but for names (the source's text behind a tie-off "
                   f"wrapper), so the same model; their ratio ({ratio('peer', 'pruned'):.2f}x) is noise (run to run, "
                   "and the code layout of two builds of it), not pruning")
    elif has_dropped and wall["pruned"] > wall["peer"]:
        out.append(f"pruned is SLOWER than the peer ({ratio('peer', 'pruned'):.2f}x): " +
                   ("Verilator's own dead-code removal does better" if model == "C++" else
                    "the original with the dropped outputs unconnected runs faster"))
    if wall["roundtrip"] > wall["original"] and "roundtrip" not in same_model:
        out.append(f"the round trip is slower than the original ({ratio('original', 'roundtrip'):.2f}x)")
    return out


def runtime_build_note(builds: dict) -> list[str]:
    """Where some variants compiled Verilator's runtime library and others took it from the
    cache (verilator.runtime_cache_dir), their build times are not alike: said, not hidden."""
    fresh = [n for n, b in builds.items() if not b.cached and not b.runtime_cached]
    if not fresh or len(fresh) == sum(not b.cached for b in builds.values()):
        return []
    return [f"build s: {', '.join(fresh)} also compiled Verilator's runtime library, which the other builds "
            "took from the cache; compare build times on a second run"]


def same_model_as_original(simulator: str, built: dict) -> frozenset:
    """The variants whose model is the original's (`model_digest`): their ratio is noise, said as such."""
    digests = {n: model_digest(simulator, b.binary) for n, b in built.items()}
    return frozenset(n for n in built if n != "original" and digests[n] == digests["original"])
