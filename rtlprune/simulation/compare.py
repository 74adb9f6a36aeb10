"""Timing comparison of four variants under one harness and one simulator with identical flags
(Verilator without --public-flat-rw, or Icarus): original, Yosys round trip (not pruned), peer (the
original with the dropped outputs unconnected in the harness: Verilator's own dead-code removal)
and pruned. Each runs `runs` times, interleaved; wall time is the median of the C++ clock loop.
Observed traces: a lockstep equivalence run of original vs pruned on the same workload."""

from __future__ import annotations

import json
import logging
import statistics
import time
from pathlib import Path

from rtlprune import icarus
from rtlprune import verilator as vlt
from rtlprune.errors import UserError
from rtlprune.simulation import RunLog, simulator_tag
from rtlprune.simulation.backends import describe, model_digest, simulator_json, timed_backend
from rtlprune.simulation.design import Design, peer_harness, prepare, roundtrip
from rtlprune.simulation.equivalence_runs import run_lockstep

log = logging.getLogger(__name__)

VARIANTS = ("original", "roundtrip", "peer", "pruned")
# Below this the clock loop's wall time is mostly timer and cache noise (a 1-16 ms VTA tiny run
# once read as a 22x speedup).
MIN_LOOP_S = 0.1


def round_order(variants: tuple[str, ...], i: int) -> tuple[str, ...]:
    """The variants in round `i` of interleaved runs, rotated by one each round: a variant's place
    in the round must not decide its time (on this machine the third and fourth runs of a round
    of stencil ran 5% slower than the first two, identical binaries included)."""
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


def compare(design: Design, config: str, workload: str, build_root: Path, results_dir: Path,
            runs: int = 3, equiv_backend: str | None = None, fresh: bool = True, simulator: str = "verilator") -> dict:
    """Build, check and time the four variants on one workload (every run to the end) under
    `simulator`; the lockstep run goes through `equiv_backend` (by default the simulator's own
    driver); write and return the result."""
    design.check(config, workload)
    if runs < 1:
        raise UserError("--runs must be at least 1")
    bdir = build_root / f"{design.name}-{config}"
    backend = timed_backend(simulator, clock=design.clock, reset=design.reset,
                            reset_active_high=design.reset_active_high, reset_cycles=design.reset_cycles,
                            done=design.done, report=[o for o in [design.cycles, design.done, *design.failure_outputs] if o])
    equiv_backend = equiv_backend or backend.name
    v = prepare(design, config, bdir, fresh=fresh, simulator=simulator)
    log.info(f"building with {describe(simulator)}")
    image = design.make_image(config, workload, bdir / "images" / f"{workload}.hex")
    sources = {
        "original": [*design.harness, v.original],
        "roundtrip": [*design.harness, roundtrip(v)],
        "peer": [peer_harness(v), v.original],
        "pruned": [*design.harness, v.pruned],
    }
    built = {}
    tag = simulator_tag(simulator)
    for name in VARIANTS:
        built[name] = backend.build(sources[name], design.harness_top, bdir / f"timed-{name}{tag}")
        log.info(f"{name}: build {built[name].build_s:.1f} s{' (cached)' if built[name].cached else ''}")
    # a variant whose C++ is the original's is the same model: its ratio is noise, said as such
    same = same_model_as_original(simulator, built)

    log.info(f"equivalence: lockstep run of original vs pruned on {workload}")
    eq = run_lockstep(v, image, bdir / "runs" / workload / f"lockstep{tag}", backend=equiv_backend)
    log.info(eq.message)

    samples: dict[str, list] = {n: [] for n in VARIANTS}
    plus = [f"+rtlprune_max_cycles={design.max_cycles}"]
    shown = RunLog(f"timing {workload}", runs * len(VARIANTS))
    for i in range(runs):
        for name in round_order(VARIANTS, i):
            wd = bdir / "runs" / workload / f"{name}{tag}"
            r = backend.run(built[name], [*design.run_plusargs(image, wd), *plus], wd)
            samples[name].append(r)
            shown.step(f"run {i + 1}/{runs} {name:9s} {r.seconds:8.3f} s  "
                       f"{int(r.values['clock_cycles']) / max(r.seconds, 1e-9) / 1e6:6.3f} M cycles/s")
    shown.close()

    problems = []
    cycles, clock_cycles, wall, rss, rate = {}, {}, {}, {}, {}
    for name in VARIANTS:
        rs = samples[name]
        vals = rs[0].values
        med = statistics.median(r.seconds for r in rs)
        rss[name] = max(r.peak_rss_mb for r in rs)
        if vals["limit_hit"] == "1":
            problems.append(f"{name}: hit the cycle limit of {design.max_cycles} cycles (hung?)")
        for f in design.failure_outputs:
            if vals.get(f, "0") != "0":
                problems.append(f"{name}: harness output {f}={vals[f]} (the harness gave up)")
        cycles[name] = int(vals[design.cycles]) if design.cycles else int(vals["clock_cycles"])
        clock_cycles[name] = int(vals["clock_cycles"])
        if len({r.values.get(design.cycles, r.values["clock_cycles"]) for r in rs}) != 1:
            problems.append(f"{name}: cycle count differs between runs")
        wall[name] = med
        rate[name] = clock_cycles[name] / max(med, 1e-9)
    if len(set(cycles.values())) != 1 or len(set(clock_cycles.values())) != 1:
        problems.append("cycle counts differ between variants: " + ", ".join(f"{n}={cycles[n]}" for n in VARIANTS))
    if not eq.equal:
        problems.append(eq.message)

    result = {
        "design": design.name, "config": config, "workload": workload, "runs": runs,
        "cycles": cycles, "clock_cycles": clock_cycles,
        "wall_s": {n: round(wall[n], 4) for n in VARIANTS},
        "cycles_per_s": {n: round(rate[n]) for n in VARIANTS},
        "wall_s_runs": {n: [r.seconds for r in samples[n]] for n in VARIANTS},
        "build_s": {n: round(built[n].build_s, 1) for n in VARIANTS},
        "peak_rss_mb": {n: round(rss[n], 1) for n in VARIANTS},
        "traces_equal": bool(eq.equal),
        "equivalence": {"mode": eq.mode, "backend": equiv_backend, "message": eq.message},
        "speedup_vs_original": round(wall["original"] / max(wall["pruned"], 1e-9), 2),
        "speedup_vs_peer": round(wall["peer"] / max(wall["pruned"], 1e-9), 2),
        "speedup_roundtrip_vs_original": round(wall["original"] / max(wall["roundtrip"], 1e-9), 2),
        "simulator": simulator_json(simulator),
        **({"verilator_flags": vlt.SIM_FLAGS, "verilator": vlt.found().to_json()} if simulator == "verilator"
           else {"icarus_flags": list(icarus.BUILD_FLAGS)}),
        "problems": problems,
        "same_cpp_as_original": sorted(same),
        "warnings": [*timing_warnings(wall, bool(v.dropped_outputs), MIN_LOOP_S,
                                      "timer noise" if simulator == "verilator" else "vvp's loading of the design", same,
                                      model="C++" if simulator == "verilator" else "compiled design"),
                     *runtime_build_note({n: built[n] for n in VARIANTS})],
        "ok": not problems,
        "timestamp": time.strftime("%Y-%m-%d %H:%M:%S"),
    }
    results_dir.mkdir(parents=True, exist_ok=True)
    out = results_dir / f"{design.name}-{config}-{workload}{tag}.json"
    out.write_text(json.dumps(result, indent=2) + "\n")
    result["json_path"] = str(out)
    return result


def _rate(v: float) -> str:
    return f"{v / 1e6:.2f} M" if v >= 1e5 else f"{v / 1e3:.1f} k"


def format_table(results: list[dict]) -> str:
    head = ("| workload | variant | cycles | wall s (median) | cycles/s | build s | peak RSS MB | "
            "speedup pruned/orig | speedup pruned/peer | traces equal |\n|---|---|---:|---:|---:|---:|---:|---:|---:|---|")
    rows = [head]
    for r in results:
        for n in VARIANTS:
            first = n == "original"
            rows.append(f"| {r['workload'] if first else ''} | {n} | {r['cycles'][n]:,} | {r['wall_s'][n]:.3f} | "
                        f"{_rate(r['cycles_per_s'][n])} | {r['build_s'][n]:.1f} | {r['peak_rss_mb'][n]:.0f} | "
                        f"{str(r['speedup_vs_original']) + 'x' if first else ''} | "
                        f"{str(r['speedup_vs_peer']) + 'x' if first else ''} | "
                        f"{('yes' if r['traces_equal'] else 'NO') if first else ''} |")
    notes = [f"- {r['workload']}: WARNING {w}" for r in results for w in r.get("warnings", [])]
    sims = sorted({simulator_label(r) for r in results})
    return "\n".join([f"simulator: {s}" for s in sims] + [""] + rows + ([""] + notes if notes else []))


def simulator_label(r: dict) -> str:
    """"Verilator 5.048 -O3 ..." or "Icarus 11.0 -g2012": what ran the rows of a table."""
    sim = r.get("simulator") or {"name": "verilator", **r.get("verilator", {})}
    if sim["name"] == "icarus":
        return f"Icarus Verilog {sim['version']} ({' '.join(r.get('icarus_flags', icarus.BUILD_FLAGS))}, vvp -n)"
    return f"Verilator {sim.get('version', '')} ({' '.join(r.get('verilator_flags', vlt.SIM_FLAGS))})"


def draw_chart(results: list[dict], out: Path) -> Path:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = [r["workload"] for r in results]
    x = range(len(names))
    fig, ax = plt.subplots(figsize=(max(6, 1.4 * len(names)), 4))
    w = 0.38
    b1 = ax.bar([i - w / 2 for i in x], [r["speedup_vs_original"] for r in results], w, label="pruned vs original")
    b2 = ax.bar([i + w / 2 for i in x], [r["speedup_vs_peer"] for r in results], w, label="pruned vs peer")
    ax.bar_label(b1, fmt="%.2fx", fontsize=8)
    ax.bar_label(b2, fmt="%.2fx", fontsize=8)
    ax.axhline(1.0, color="grey", lw=0.8)
    ax.set_xticks(list(x), names, rotation=15)
    ax.set_ylabel("simulation speedup (median wall time)")
    r0 = results[0]
    ax.set_title(f"rtlprune: {r0['design']} {r0['config']}, {simulator_label(r0).split(' (')[0]}, {r0['runs']} runs each")
    ax.legend()
    fig.tight_layout()
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out, dpi=110)
    plt.close(fig)
    return out
