"""python -m rtlprune.simulation {equiv,compare,bench,corpus,phases,diff-trace} ...  (sim/Makefile drives it)

  equiv   --design D.toml --config C --workload W [--mode lockstep|trace|both] [--backend cocotb|cxx|icarus]
          equivalence run of original vs pruned; exit 1 on a difference or a hang
  compare --design D.toml --config C --workload W [--runs 3] [--simulator verilator|icarus]
          the four timed variants + a lockstep run; table, JSON in --results; exit 1 on a difference
  bench   --design D.toml --config C [--runs 3] [--simulator verilator|icarus]
          compare over the design's bench set, table, PNG bar chart of the speedups
  corpus  --design D.toml [--design D2.toml ...] [--workload W ...] [--runs 3] [--simulator ...]
          designs under their own testbenches (sim/corpus/*.toml, see sim/README.md): prune,
          trace equivalence of original vs pruned, the four timed variants; one table, JSON
  phases  [--lint] [--results DIR] -- RTLPRUNE-ARGS
          one prune: wall, CPU and peak memory of each step of the flow; with --lint, beside
          `verilator --lint-only` on the same sources, and the ratios
  diff-trace A B
          compare two trace files (same as `rtlprune diff-trace A B`)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rtlprune import executor
from rtlprune.errors import UserError, run_command

# Timed runs side by side on one machine disturb each other's times: one job at a time unless asked.
TIMED_JOBS_HELP = ("jobs timed at once on this machine (default 1: timed runs that share cores "
                   "disturb each other's times)")


def _common(p, workload=True):
    p.add_argument("--design", required=True, help="design description TOML, e.g. designs/vta/sim.toml")
    p.add_argument("--config", default="default")
    if workload:
        p.add_argument("--workload", required=True)
    p.add_argument("--build-dir", default="sim/build", help="where sources, models and runs go")
    p.add_argument("--results", default="sim/results", help="where JSON results and charts go")
    p.add_argument("--reuse", action="store_true", help="reuse the emitted and pruned Verilog in the build "
                   "directory instead of regenerating them")


def _simulator(p):
    p.add_argument("--simulator", choices=["verilator", "icarus"], default="verilator",
                   help="what builds and runs every variant (Icarus: apt-get install iverilog)")


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["diff-trace"]:
        from rtlprune.simulation.trace import main as diff_main
        return diff_main(argv[1:])
    ap = argparse.ArgumentParser(prog="python -m rtlprune.simulation", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    e = sub.add_parser("equiv", help="equivalence run of original vs pruned")
    _common(e)
    e.add_argument("--mode", choices=["lockstep", "trace", "both"], default="both")
    e.add_argument("--backend", choices=["cocotb", "cxx", "icarus"], default="cocotb",
                   help="cocotb (Verilator), cxx (Verilator, a C++ driver) or icarus (a Verilog driver, vvp)")
    e.add_argument("--max-cycles", type=int, default=None)
    e.add_argument("--pruned", default=None, help="use this pruned Verilog instead of running rtlprune")
    c = sub.add_parser("compare", help="time the four variants")
    _common(c)
    c.add_argument("--runs", type=int, default=3)
    _simulator(c)
    b = sub.add_parser("bench", help="compare over the bench set and draw the chart")
    _common(b, workload=False)
    b.add_argument("--runs", type=int, default=3)
    b.add_argument("--workloads", default=None, help="comma-separated; default: the design's bench set")
    _simulator(b)
    executor.add_arguments(b, 1, TIMED_JOBS_HELP)
    g = sub.add_parser("generate", help="write the lockstep sources and a makefile fragment for cocotb's "
                       "Makefile flow (sim/Makefile target equiv-make)")
    _common(g)
    g.add_argument("--out", required=True, help="makefile fragment to write")
    k = sub.add_parser("corpus", help="designs under their own testbenches: equivalence and the four timed variants")
    k.add_argument("--design", action="append", required=True, help="testbench design description (TOML)")
    k.add_argument("--workload", action="append", default=[], help="run only these workloads (default: all)")
    k.add_argument("--runs", type=int, default=3)
    k.add_argument("--timeout", type=float, default=1800.0, help="seconds a single run may take")
    k.add_argument("--build-dir", default="sim/build")
    k.add_argument("--results", default="sim/results")
    _simulator(k)
    executor.add_arguments(k, 1, TIMED_JOBS_HELP)
    f = sub.add_parser("phases", help="one prune: time and peak memory of each step, beside verilator --lint-only")
    f.add_argument("--lint", action="store_true", help="also run verilator --lint-only on the same sources")
    f.add_argument("--results", default="sim/results")
    f.add_argument("prune_args", nargs=argparse.REMAINDER, help="-- then the arguments of rtlprune")
    sub.add_parser("diff-trace", help="compare two trace files")
    args = ap.parse_args(argv)
    if args.cmd == "phases":
        from rtlprune.simulation import phases

        prune_args = args.prune_args[1:] if args.prune_args[:1] == ["--"] else args.prune_args
        if not prune_args:
            raise SystemExit("python -m rtlprune.simulation phases: give the prune's arguments after --")
        return run_command("rtlprune.simulation", lambda: phases.main(prune_args, args.lint, Path(args.results)))
    if args.cmd == "corpus":
        return run_command("rtlprune.simulation", lambda: _corpus(args))
    return run_command("rtlprune.simulation", lambda: _run(args))


def _corpus(args) -> int:
    from rtlprune.simulation.comparison import write_json
    from rtlprune.simulation.sweeps import corpus_job
    from rtlprune.simulation.tables import corpus_table
    from rtlprune.simulation.testbench.description import TestbenchDesign

    designs = [TestbenchDesign.load(d, args.simulator) for d in args.design]   # every description checked first
    build_root, results_dir = Path(args.build_dir).resolve(), Path(args.results).resolve()
    jobs = []
    for d in designs:
        names = [w for w in args.workload if w in d.workloads] if args.workload else []
        if args.workload and not names:
            raise UserError(f"{d.path}: none of the workloads {', '.join(args.workload)}")
        jobs.append((d, names, build_root, results_dir, args.runs, args.timeout, args.simulator))
    rows = []
    with executor.executor(args.jobs, args.scheduler) as ex:
        for design_rows in ex.map(corpus_job, jobs):
            rows += design_rows
    table = corpus_table([r.to_json() for r in rows])
    print(table)
    write_json(results_dir / "corpus.json", rows)
    (results_dir / "corpus.md").write_text(table + "\n")
    print(f"wrote {results_dir / 'corpus.md'}, {results_dir / 'corpus.json'}")
    bad = [f"{r.design} {r.workload}: {p}" for r in rows for p in r.problems]
    for p in bad:
        print(f"FAIL {p}", file=sys.stderr)
    return 0 if not bad else 1


def _run(args) -> int:
    from rtlprune.simulation.harness.description import HarnessDesign
    from rtlprune.simulation.harness.variants import prepare

    design = HarnessDesign.load(args.design)
    build_root, results = Path(args.build_dir).resolve(), Path(args.results).resolve()
    if args.cmd == "equiv":
        from rtlprune.simulation.harness.equivalence import run_lockstep, run_trace

        design.check(args.config, args.workload)
        bdir = build_root / f"{design.name}-{args.config}"
        # what rtlprune writes for Icarus when Icarus runs the check
        v = prepare(design, args.config, bdir, fresh=not args.reuse,
                    simulator="icarus" if args.backend == "icarus" else "verilator")
        image = design.make_image(args.config, args.workload, bdir / "images" / f"{args.workload}.hex")
        pruned = Path(args.pruned).resolve() if args.pruned else None
        if pruned and not pruned.is_file():
            raise UserError(f"{args.pruned}: no such file")
        ok = True
        modes = ["lockstep", "trace"] if args.mode == "both" else [args.mode]
        for mode in modes:
            fn = run_lockstep if mode == "lockstep" else run_trace
            kw = {"tag": f"{mode}-custom"} if pruned else {}
            r = fn(v, image, bdir / "runs" / args.workload / f"{mode}-{args.backend}", backend=args.backend,
                   pruned=pruned, max_cycles=args.max_cycles, **kw)
            print(("EQUAL " if r.equal else "FAIL ") + r.message)
            ok &= r.equal
        return 0 if ok else 1
    if args.cmd == "generate":
        from rtlprune import verilator as vlt
        from rtlprune.simulation.harness import equivalence_tops

        design.check(args.config, args.workload)
        bdir = build_root / f"{design.name}-{args.config}"
        v = prepare(design, args.config, bdir)
        image = design.make_image(args.config, args.workload, bdir / "images" / f"{args.workload}.hex")
        sources = equivalence_tops.generate_lockstep(v, v.pruned, bdir / "lockstep-src")
        work = bdir / "runs" / args.workload / "lockstep-make"
        work.mkdir(parents=True, exist_ok=True)
        report = work / "lockstep.txt"
        plus = [*design.run_plusargs(image, work), f"+rtlprune_report={report}",
                f"+rtlprune_max_cycles={design.max_cycles}"]
        Path(args.out).write_text(
            "# generated by python -m rtlprune.simulation generate\n"
            f"TOPLEVEL := {equivalence_tops.LOCKSTEP_TOP}\n"
            f"VERILOG_SOURCES := {' '.join(map(str, sources))}\n"
            f"COCOTB_PLUSARGS := {' '.join(plus)}\n"
            f"SIM_BUILD := {bdir / 'lockstep-make'}\n"
            f"RTLPRUNE_VERILATOR_FLAGS := {' '.join(vlt.SIM_FLAGS)}\n"
            f"RTLPRUNE_REPORT := {report}\n"
            f"export COCOTB_RESULTS_FILE := {work / 'results.xml'}\n"
            f"export RTLPRUNE_RESULT := {work / 'cocotb_result.json'}\n"
            f"export RTLPRUNE_RESET_CYCLES := {design.reset_cycles}\n"
            f"export RTLPRUNE_MAX_CYCLES := {design.max_cycles}\n")
        print(args.out)
        return 0
    from rtlprune.simulation.comparison import write_json
    from rtlprune.simulation.harness.bench import compare_workload, result_path
    from rtlprune.simulation.tables import bench_table, draw_chart

    if args.cmd == "compare":
        r = compare_workload(design, args.config, args.workload, build_root, results, runs=args.runs,
                             fresh=not args.reuse, simulator=args.simulator)
        print(bench_table([r.to_json()]))
        print(f"wrote {result_path(design, args.config, args.workload, results, args.simulator)}")
        for p in r.problems:
            print(f"FAIL {p}", file=sys.stderr)
        return 0 if r.ok else 1
    if args.cmd == "bench":
        from rtlprune.simulation.sweeps import bench_job

        names = args.workloads.split(",") if args.workloads else (design.bench or design.workloads)
        for n in names:
            design.check(args.config, n)
        jobs = [(design, args.config, n, f"[{i + 1}/{len(names)}]", build_root, results, args.runs,
                 i == 0 and not args.reuse, args.simulator) for i, n in enumerate(names)]
        with executor.executor(args.jobs, args.scheduler) as ex:
            # the first job builds the models the others reuse, so it runs alone
            rs = [*ex.map(bench_job, jobs[:1]), *ex.map(bench_job, jobs[1:])]
        rows = [r.to_json() for r in rs]
        table = bench_table(rows)
        print(table)
        stem = f"{design.name}-{args.config}-bench{'' if args.simulator == 'verilator' else '-' + args.simulator}"
        png = draw_chart(rows, results / f"{stem}.png")
        md = results / f"{stem}.md"
        md.write_text(table + "\n")
        write_json(results / f"{stem}.json", rs)
        print(f"wrote {png}, {md}")
        bad = [p for r in rs for p in r.problems]
        for p in bad:
            print(f"FAIL {p}", file=sys.stderr)
        return 0 if not bad else 1
    return 2


if __name__ == "__main__":
    sys.exit(main())
