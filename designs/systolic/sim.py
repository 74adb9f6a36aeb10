"""The systolic example for rtlprune.simulation (designs/systolic/sim.toml): emit a configuration and
write a workload's stimulus image.

  python -m designs.systolic.sim emit --config tiny -o systolic.v
  python -m designs.systolic.sim image --workload short -o short.hex
"""

from __future__ import annotations

import argparse
from pathlib import Path

HERE = Path(__file__).parent
CONFIGS = {"tiny": 4, "default": 8, "large": 32}          # ROWS = COLS
WORKLOADS = {"short": (4, 16, 0x1), "long": (400, 64, 0xACE1)}  # jobs, beats per job, seed


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m designs.systolic.sim", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    e = sub.add_parser("emit")
    e.add_argument("--config", required=True, choices=CONFIGS)
    e.add_argument("-o", "--output", required=True)
    i = sub.add_parser("image")
    i.add_argument("--workload", required=True, choices=WORKLOADS)
    i.add_argument("-o", "--output", required=True)
    args = ap.parse_args(argv)
    if args.cmd == "emit":
        n = CONFIGS[args.config]
        text = f"`define ROWS {n}\n`define COLS {n}\n" + (HERE / "systolic.v").read_text()
        Path(args.output).write_text(text)
    else:
        Path(args.output).write_text("".join(f"{w:08x}\n" for w in WORKLOADS[args.workload]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
