"""The jobs of the sweeps, one per independent piece (rtlprune.executor runs them): a bench
workload (the four timed variants of one design description on one workload) and a corpus
design (its workloads under its own testbench). Each takes one picklable tuple, so that a
local process or a Dask worker can run it."""

from __future__ import annotations

import sys


def bench_job(job: tuple):
    from rtlprune.simulation.harness.bench import compare_workload

    design, config, workload, position, build_root, results, runs, fresh, simulator = job
    print(f"rtlprune.simulation: {position} {workload}", file=sys.stderr, flush=True)
    return compare_workload(design, config, workload, build_root, results, runs=runs, fresh=fresh, simulator=simulator)


def corpus_job(job: tuple) -> list:
    from rtlprune.simulation.testbench.bench import compare_design

    design, workloads, build_root, results_dir, runs, timeout_s, simulator = job
    return compare_design(design, workloads, build_root, results_dir, runs=runs, timeout_s=timeout_s,
                          simulator=simulator)
