"""The `rtlprune` command: prune a design to the logic its observed signals depend on."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rtlprune import __version__
from rtlprune.api import prune
from rtlprune.errors import run_command
from rtlprune.flow_script import flow_text
from rtlprune.frontends import FRONTENDS
from rtlprune.report import format_report

EXAMPLES = """\
examples:
  rtlprune mac.v                                   infer the spec, write mac.pruned.v
  rtlprune a.v b.v --top accel --drop 'io_mem_w_bits_data' -o pruned.v --report report.json
  rtlprune accel.v --keep 'core.fsm.*' --drop '*_wdata' --drop-prints
  rtlprune accel.v --config accel.spec.toml --explain core.compute.state

Observed are all outputs of TOP that no --drop matches, the internal signals --keep names,
and every $display and assertion (unless dropped) and blackbox instance. The pruned module
has TOP's name and port list; each observed signal has, in every cycle and for every input
sequence, the value it has in the original. Dropped outputs are driven by 0. Note: if a
dropped output comes back into the design through the testbench (e.g. data written to a
memory that control later reads), behaviour can change: check with an equivalence run.
"""


class _PrintAndExit(argparse.Action):
    """Like --version: print something and exit, whatever else is on the command line."""

    def __init__(self, option_strings, dest, text=None, **kw):
        self.text = text
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kw)

    def __call__(self, parser, namespace, values, option_string=None):
        print(self.text())
        parser.exit()


def _makefiles_dir() -> str:
    return str(Path(__file__).resolve().parent / "makefiles")


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="rtlprune",
        description="Remove every piece of logic that cannot affect the observed signals of a design.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("sources", nargs="+", metavar="SOURCE",
                   help="Verilog (.v), SystemVerilog (.sv) or RTLIL (.il) files. Example: rtl/top.v rtl/core.v")
    p.add_argument("--top", metavar="T", help="top module; may be omitted when the design has one top. Example: --top accel")
    p.add_argument("--keep", action="append", default=[], metavar="PAT",
                   help="also observe internal signals matching this glob (hierarchical names). "
                        "Repeatable. Example: --keep 'core.compute.state'")
    p.add_argument("--drop", action="append", default=[], metavar="PAT",
                   help="do not observe outputs matching this glob: they are driven by 0. "
                        "Repeatable. '--drop none' observes every output and disables inference. "
                        "Example: --drop 'io_mem_w_bits_*'")
    p.add_argument("--config", metavar="FILE", help="TOML spec file with keys top, keep, drop, drop_prints, "
                   "drop_assertions; command-line patterns add to it. Example: --config accel.spec.toml")
    p.add_argument("--drop-prints", action="store_true", help="do not observe $display/$write prints: remove them")
    p.add_argument("--drop-assertions", action="store_true", help="do not observe assertions: remove them")
    p.add_argument("-o", "--output", metavar="OUT", help="pruned Verilog to write (default: FIRST_SOURCE.pruned.v "
                   "in the current directory). Example: -o build/accel_pruned.v")
    p.add_argument("--report", metavar="FILE.json", help="JSON report to write (default: OUT with .report.json). "
                   "Example: --report report.json")
    p.add_argument("--explain", action="append", default=[], metavar="SIGNAL",
                   help="print why a signal or cell was kept: a path from it to an observed signal. "
                        "Repeatable. Example: --explain core.acc")
    p.add_argument("-D", "--define", action="append", default=[], metavar="NAME=VAL",
                   help="define a Verilog macro. Example: --define DEPTH=64")
    p.add_argument("-I", dest="incdirs", action="append", default=[], metavar="DIR",
                   help="Verilog include directory. Example: -I rtl/include")
    p.add_argument("--sv", action="store_true", help="with --frontend yosys: read every source as SystemVerilog "
                   "(.sv files always are; slang reads every source as SystemVerilog, as Verilator does)")
    p.add_argument("-G", "--param", dest="parameters", action="append", default=[], metavar="NAME=VAL",
                   help="set a parameter of the top module. Example: -G DEPTH=64")
    p.add_argument("--frontend", choices=FRONTENDS, default="slang",
                   help="slang (default): read_slang, IEEE 1800 elaboration, the meaning Verilator gives the "
                        "source; yosys: Yosys' read_verilog, which keeps the hierarchy (faster on huge arrays) "
                        "but sizes port-connection expressions and $display arguments differently")
    p.add_argument("--slang-arg", dest="slang_args", action="append", default=[], metavar="OPTION",
                   help="pass one more option to read_slang (see `yosys -p 'help read_slang'`); rtlprune already "
                        "gives the leniency Verilator has: --allow-use-before-declare, "
                        "--allow-bare-value-param-assigment, --allow-genblk-reference. "
                        "Repeatable. Example: --slang-arg=--relax-enum-conversions")
    p.add_argument("--no-prune", action="store_true",
                   help="write the design through the same flow (read, flatten, back end) with nothing "
                        "removed: the baseline that tells the effect of the Yosys round trip from that of "
                        "pruning. Example: rtlprune accel.v --no-prune -o accel.roundtrip.v")
    p.add_argument("--no-source-text", action="store_true",
                   help="write every instance through Yosys, also those pruning leaves whole (by default they keep "
                        "the source's own text, which Verilator runs faster; this measures the writer alone). "
                        "Example: rtlprune accel.v --no-prune --no-source-text -o accel.written.v")
    p.add_argument("--top-form", choices=("auto", "netlist", "source"), default="auto",
                   help="how to write a top that pruning changed: auto (default) verilates both forms and writes "
                        "the one Verilator makes less C++ of; netlist: the pruned netlist (with the text of "
                        "instances left whole); source: the source's whole text behind a wrapper that ties the "
                        "dropped outputs to 0, what Verilator's own dead-code removal gets. Example: --top-form netlist")
    p.add_argument("--simulator", choices=("verilator", "icarus"), default="verilator",
                   help="the simulator the output is for: --top-form auto measures the forms by what it makes of "
                        "them (Verilator: lines of C++ and model state; Icarus, which removes no dead logic "
                        "itself: lines of vvp code). Example: --simulator icarus")
    p.add_argument("--cone", choices=("flat", "hierarchy"), default="flat",
                   help="where the cone of the observed signals is computed: flat (default), on the design "
                        "flattened; hierarchy, instance by instance before anything is flattened "
                        "(rtlprune_hier_cone), so that only what is left is flattened: for designs too large "
                        "to flatten whole. Both remove the same bits. Example: --cone hierarchy")
    p.add_argument("--log", metavar="FILE", help="write the full Yosys log here. Example: --log prune.log")
    p.add_argument("-q", "--quiet", action="store_true", help="print only errors and --explain answers")
    p.add_argument("--show-flow", action=_PrintAndExit, text=lambda: flow_text().rstrip("\n"),
                   help="print the steps of the flow (Yosys commands and rtlprune's own steps) and exit")
    p.add_argument("--makefiles", action=_PrintAndExit, text=_makefiles_dir,
                   help="print the directory of rtlprune.mk, for cocotb Makefiles, and exit. "
                        "Example: include $(shell rtlprune --makefiles)/rtlprune.mk")
    p.add_argument("--python-bin", action=_PrintAndExit, text=lambda: sys.executable,
                   help="print the Python interpreter rtlprune runs with, and exit")
    p.add_argument("--version", action="version", version=f"rtlprune {__version__}")
    return p


def run(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    result = prune(args.sources, top=args.top, drop=args.drop, keep=args.keep, config=args.config,
                   output=args.output, report=args.report, defines=args.define, incdirs=args.incdirs,
                   parameters=args.parameters, frontend=args.frontend, sv=args.sv, drop_prints=args.drop_prints,
                   drop_assertions=args.drop_assertions, explain=args.explain, no_prune=args.no_prune,
                   source_text=not args.no_source_text, top_form=args.top_form, log=args.log,
                   progress=not args.quiet, slang_args=args.slang_args, simulator=args.simulator, cone=args.cone)
    if result.spec_path and not args.quiet:
        print(f"rtlprune: no spec given; inferred one (edit and rerun with --config {result.spec_path}):")
        for port, why in result.report.inferred.items():
            print(f"  drop {port}: {why}")
        for port, why in result.report.inferred_kept.items():
            print(f"  keep {port}: {why}")
    if not args.quiet:
        print(format_report(result.report.data))
    for lines in result.explain.values():
        print("\n".join(lines))
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["diff-trace"]:
        from rtlprune.simulation.trace import main as diff_trace_main
        return diff_trace_main(argv[1:])
    return run_command("rtlprune", lambda: run(argv))
