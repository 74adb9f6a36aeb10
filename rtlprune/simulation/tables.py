"""The tables of comparison results (the JSON form of comparison.Comparison), in Markdown, and
the bar chart of a bench's speedups: the harness's table a row per variant, the corpus's a row
per design and workload with its state checks."""

from __future__ import annotations

from pathlib import Path

from rtlprune import icarus
from rtlprune import verilator as vlt
from rtlprune.simulation.variants import MODEL_STATE_VARIANTS, VARIANTS


def _rate(v: float) -> str:
    return f"{v / 1e6:.2f} M" if v >= 1e5 else f"{v / 1e3:.1f} k"


def bench_table(results: list[dict]) -> str:
    """The harness pipeline's results (`compare`, `bench`): a row per variant and workload."""
    head = ("| workload | variant | cycles | wall s (median) | cycles/s | build s | peak RSS MB | "
            "speedup pruned/orig | speedup pruned/peer | traces equal |\n|---|---|---:|---:|---:|---:|---:|---:|---:|---|")
    rows = [head]
    for r in results:
        for n in VARIANTS:
            first = n == "original"
            rows.append(f"| {r['workload'] if first else ''} | {n} | {r['cycles'][n]:,} | {r['wall_s'][n]:.3f} | "
                        f"{_rate(r['cycles_per_s'][n])} | {r['build_s'][n]:.1f} | {r['peak_rss_mb'][n]:.0f} | "
                        f"{format(r['speedup_vs_original'], '.2f') + 'x' if first else ''} | "
                        f"{format(r['speedup_vs_peer'], '.2f') + 'x' if first else ''} | "
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


def _trace_cell(r: dict) -> str:
    """The trace run's verdict; `feedback` where the description says the testbench reads a
    dropped output back and only that made the runs differ."""
    return "yes" if r["trace_equal"] else "feedback" if r.get("expected_differences") else "NO"


def _model_state_cell(r: dict) -> str:
    m = r["model_state_bits"]
    return "/".join("-" if m[n] is None else f"{m[n]:,}" for n in MODEL_STATE_VARIANTS)


def _state_cell(r: dict) -> str:
    s, verdict = r["state_bits"], "yes" if not r["state_excess"] else "NO"
    if r["state_judged_by"] == "model":
        return f"{verdict} (text: model vs peer)"
    return f"{verdict} ({s['pruned']:,} / {s['reference']:,})"


def corpus_table(results: list[dict]) -> str:
    """The own-testbench pipeline's results (`corpus`): a row per design and workload."""
    head = ("| design | workload | cycles | original s | round trip s | peer s | pruned s | "
            "round trip / original | pruned / original | pruned / peer | build s (o/r/p/p) | "
            "C++ (vvp) lines (o/r/p/p) | model state bits (o/p/p) | state <= flat cone | equal (lockstep / trace) |\n"
            "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---|---|---|")
    rows = [head]
    for r in results:
        w, b = r["wall_s"], r["build_s"]
        c = r.get("cpp_lines") or {n: f"({k:,})" for n, k in r["vvp_lines"].items()}
        rows.append(f"| {r['design']} | {r['workload']} | {r['cycles']:,} | {w['original']:.3f} | "
                    f"{w['roundtrip']:.3f} | {w['peer']:.3f} | {w['pruned']:.3f} | "
                    f"{r['roundtrip_vs_original']:.2f}x | {r['speedup_vs_original']:.2f}x | "
                    f"{format(r['speedup_vs_peer'], '.2f') + 'x' if r['dropped_outputs'] else '-'} | "
                    f"{'/'.join(f'{b[n]:.0f}' for n in VARIANTS)} | {'/'.join(f'{c[n]:,}' if isinstance(c[n], int) else c[n] for n in VARIANTS)} | "
                    f"{_model_state_cell(r)} | {_state_cell(r)} | "
                    f"{'yes' if r['lockstep_equal'] else 'NO'} / {_trace_cell(r)} |")
    notes = [f"- {r['design']} {r['workload']}: WARNING {w}" for r in results for w in r["warnings"]]
    notes += [f"- {r['design']}: the pruned DUT {e}" for r in results for e in r["state_excess"]]
    sims = sorted({simulator_label(r) for r in results})
    return "\n".join([f"simulator: {s}" for s in sims] + [""] + rows + ([""] + notes if notes else []))
