"""python -m rtlprune.fuzz [--n N] [--seed S] [--out DIR]: prune N random designs and judge each.

Prints one line per failure and the counts at the end (designs, pruned, proven, simulated,
lint-clean, average share of cells removed). Every failing design is shrunk (lines and spec, within
--shrink-budget seconds) and written to OUT/seedN/ with the command that reproduces it, the
generated original and what differed. Exit 1 if anything failed.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from rtlprune import executor
from rtlprune.errors import run_command
from rtlprune.fuzz.judge import judge
from rtlprune.machine import cores
from rtlprune.progress import Progress


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m rtlprune.fuzz", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=100, help="number of designs (default 100)")
    ap.add_argument("--seed", type=int, default=1, help="first seed (default 1); design i has seed+i")
    ap.add_argument("--out", default="fuzz-failures", help="where failing designs are written")
    ap.add_argument("--cycles", type=int, default=400, help="co-simulation cycles per design")
    ap.add_argument("--formal-timeout", type=int, default=8,
                    help="seconds the SAT solver gets per design (default 8); past it the proof counts "
                         "as out of time and co-simulation still judges the design")
    ap.add_argument("--shrink-budget", type=float, default=300,
                    help="seconds spent shrinking each failing design to a small reproducer (default 300)")
    ap.add_argument("--prune-arg", action="append", default=[], metavar="OPTION",
                    help="one more rtlprune option for every prune of the run, e.g. --prune-arg=--cone=hierarchy")
    executor.add_arguments(ap, cores(), "designs judged at once on this machine (default: one per core)")
    args = ap.parse_args(argv)

    def body() -> int:
        t0 = time.time()
        counts = {"designs": 0, "pruned": 0, "formal": 0, "formal_timeout": 0, "cosim": 0, "lint": 0, "effectiveness": 0}
        removed, failed = [], 0
        seeds = range(args.seed, args.seed + args.n)
        out = str(Path(args.out).resolve())   # the same directory wherever a job runs
        jobs = [(s, args.cycles, args.formal_timeout, args.shrink_budget, out, tuple(args.prune_arg)) for s in seeds]
        with executor.executor(args.jobs, args.scheduler) as ex, \
                Progress("rtlprune.fuzz: designs", args.n) as shown:
            # map keeps the seed order, so the printed lines do not depend on where the jobs ran.
            for i, (result, dest) in enumerate(ex.map(judge, jobs)):
                counts["designs"] += 1
                if "removed" in result:
                    counts["pruned"] += 1
                    removed.append(result["removed"])
                for oracle in ("formal", "cosim", "lint", "effectiveness"):
                    counts[oracle] += result.get(oracle) is True
                counts["formal_timeout"] += "formal" in result and result["formal"] is None
                if result["failures"]:
                    failed += 1
                    for oracle, message in result["failures"]:
                        print(f"FAIL seed {result['seed']}: {oracle}: {message}  ({dest})", flush=True)
                shown.update(i + 1, f"{failed} failed")
        average = sum(removed) / len(removed) if removed else 0.0
        print(f"{counts['designs']} designs, {counts['pruned']} pruned, {counts['formal']} proven "
              f"(bounded, 6 cycles; {counts['formal_timeout']} more out of SAT time), "
              f"{counts['cosim']} co-simulated equal ({args.cycles} cycles), "
              f"{counts['lint']} lint-clean, {counts['effectiveness']} keeping no more than the references, "
              f"{failed} failed; cells removed on average "
              f"{100 * average:.1f}%; {time.time() - t0:.0f} s")
        return 1 if failed else 0

    return run_command("rtlprune.fuzz", body)


if __name__ == "__main__":
    sys.exit(main())
