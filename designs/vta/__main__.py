"""Command line: python -m designs.vta {emit,list,image,run} ...

  emit  --config C -o FILE.v              Verilog of vta_top (Amaranth -> RTLIL -> pyosys)
  list                                    the named workloads
  image --config C --workload W -o FILE   DRAM image ($readmemh) of a workload (+ FILE.expected.npy)
  run   --config C --workload W           build (once) and run under Verilator, check bit for bit
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

from .config import CONFIGS, get_config
from .workloads import WORKLOADS, get_workload


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m designs.vta", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    e = sub.add_parser("emit", help="write the Verilog of vta_top")
    e.add_argument("--config", default="default", choices=CONFIGS)
    e.add_argument("-o", "--output", required=True)
    e.add_argument("--rtlil", action="store_true", help="write Amaranth's RTLIL instead of Verilog")
    sub.add_parser("list", help="list the named workloads")
    i = sub.add_parser("image", help="write a workload's DRAM image")
    i.add_argument("--config", default="default", choices=CONFIGS)
    i.add_argument("--workload", required=True, choices=WORKLOADS)
    i.add_argument("-o", "--output", required=True)
    r = sub.add_parser("run", help="run a workload under Verilator and check it against NumPy")
    r.add_argument("--config", default="default", choices=CONFIGS)
    r.add_argument("--workload", required=True, choices=WORKLOADS)
    r.add_argument("--build-dir", default=None, help="default: build/vta_<config>")
    r.add_argument("--verilog", default=None, help="use this vta_top Verilog (e.g. a pruned one)")
    r.add_argument("--latency", type=int, default=None, help="DRAM latency in cycles (default 32)")
    r.add_argument("--max-cycles", type=int, default=0, help="harness timeout, 0 = none")
    r.add_argument("--json", action="store_true", help="print the result as JSON")
    args = ap.parse_args(argv)

    if args.cmd == "emit":
        cfg = get_config(args.config)
        if args.rtlil:
            from .emit import emit_rtlil
            Path(args.output).parent.mkdir(parents=True, exist_ok=True)
            Path(args.output).write_text(emit_rtlil(cfg))
        else:
            from .emit import emit_verilog
            emit_verilog(cfg, args.output)
        return 0
    if args.cmd == "list":
        for name, fn in WORKLOADS.items():
            print(f"{name:18s} {(fn.__doc__ or '').strip().splitlines()[0] if fn.__doc__ else ''}")
        return 0
    cfg = get_config(args.config)
    prog = get_workload(args.workload, cfg)
    if args.cmd == "image":
        out = prog.write_image(args.output)
        np.save(str(out) + ".expected.npy", prog.expected)
        return 0

    from .emit import emit_verilog
    from .harness.build import build, run
    bdir = Path(args.build_dir or f"build/vta_{cfg.name}")
    verilog = Path(args.verilog) if args.verilog else bdir / "vta_top.v"
    if not verilog.exists():
        emit_verilog(cfg, verilog)
    built = build(verilog, bdir)
    print(f"{'reused' if built.cached else 'built'} {built.binary} ({built.build_s:.1f} s)", file=sys.stderr)
    image = prog.write_image(bdir / f"{args.workload}.hex")
    dump = bdir / f"{args.workload}.dump.hex"
    t0 = time.time()
    res = run(built, image, dump, max_cycles=args.max_cycles, latency=args.latency)
    ok = (not res.timeout) and bool((prog.read_output(dump) == prog.expected).all())
    result = {"workload": args.workload, "config": cfg.name, "cycles": res.cycles,
              "sim_cycles": res.sim_cycles, "timeout": res.timeout, "match": ok,
              "sim_seconds": res.seconds, "cycles_per_second": res.sim_cycles / max(res.seconds, 1e-9),
              "wall_seconds": time.time() - t0}
    if args.json:
        print(json.dumps(result))
    else:
        print(f"{args.workload} on {cfg.name}: {res.cycles} cycles, "
              f"{'TIMEOUT' if res.timeout else 'finished'}, output {'matches' if ok else 'DIFFERS from'} "
              f"NumPy; {result['cycles_per_second']:.0f} cycles/s")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
