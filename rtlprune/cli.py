"""The `rtlprune` command: prune a design to the logic its observed signals depend on."""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from pathlib import Path

from rtlprune import __version__
from rtlprune.atomic import write_atomic
from rtlprune.config_file import format_config, read_config
from rtlprune.errors import UserError, run_command
from rtlprune.flow_script import flow_text
from rtlprune.frontends import FRONTENDS
from rtlprune.port_check import check_ports
from rtlprune.protocol import FlowRequest, FlowResult
from rtlprune.report import build_report, format_report
from rtlprune.spec import ResolvedSpec, SpecRequest
from rtlprune.worker_process import run_worker

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


class _ShowFlow(argparse.Action):
    """Like --version: print the flow and exit, whatever else is on the command line."""

    def __init__(self, option_strings, dest, **kw):
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kw)

    def __call__(self, parser, namespace, values, option_string=None):
        print(flow_text(), end="")
        parser.exit()


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
    p.add_argument("--log", metavar="FILE", help="write the full Yosys log here. Example: --log prune.log")
    p.add_argument("-q", "--quiet", action="store_true", help="print only errors and --explain answers")
    p.add_argument("--show-flow", action=_ShowFlow,
                   help="print the steps of the flow (Yosys commands and rtlprune's own steps) and exit")
    p.add_argument("--version", action="version", version=f"rtlprune {__version__}")
    return p


def _check_readable(path: str) -> None:
    if not os.path.exists(path):
        raise UserError(f"{path}: no such file")
    if os.path.isdir(path):
        raise UserError(f"{path}: is a directory")
    if not os.path.isfile(path):  # a FIFO or a device: reading it may block forever
        raise UserError(f"{path}: not a regular file")
    try:
        with open(path, "rb"):
            pass
    except OSError as e:
        raise UserError(f"{path}: cannot read: {e.strerror}") from None


def _strip_suffix(path: Path) -> Path:
    return path.with_suffix("") if path.suffix == ".v" else path


def _plan_outputs(args, sources: list[str]) -> dict[str, Path]:
    out = Path(args.output) if args.output else Path(Path(sources[0]).name).with_suffix(".pruned.v")
    report = Path(args.report) if args.report else Path(f"{_strip_suffix(out)}.report.json")
    spec = Path(f"{_strip_suffix(out)}.spec.toml")
    inputs = {Path(s).resolve() for s in sources}
    if args.config:
        inputs.add(Path(args.config).resolve())
    for role, path in (("output", out), ("report", report), ("inferred spec", spec)):
        if path.resolve() in inputs:
            raise UserError(f"{path}: refusing to overwrite an input file with the {role}")
        if role == "inferred spec":
            if path.is_dir():
                raise UserError(f"{path}: is a directory, where the inferred spec would be written")
            continue
        if path.is_dir():
            raise UserError(f"{path}: is a directory; give a file name for the {role}")
        if path.exists() and not path.is_file():
            raise UserError(f"{path}: not a regular file; give a file name for the {role}")
        if not path.resolve().parent.is_dir():
            raise UserError(f"{path}: directory {path.parent} does not exist")
    if report.resolve() == out.resolve():
        raise UserError(f"{out}: the output and the report cannot be the same file")
    return {"verilog": out, "report": report, "spec": spec}


def _spec_request(args) -> tuple[SpecRequest, str | None]:
    request, top = SpecRequest(), None
    if args.config:
        _check_readable(args.config)
        request, top = read_config(Path(args.config))
    request.keep += args.keep
    request.drop += [d for d in args.drop if d != "none"]
    request.no_inference |= "none" in args.drop
    request.drop_prints |= args.drop_prints
    request.drop_assertions |= args.drop_assertions
    return request, top


def run(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    for s in args.sources:
        _check_readable(s)
    for d in args.define:
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*(=\S*)?", d):
            raise UserError(f"--define '{d}': expected NAME or NAME=VALUE with no spaces")
    for g in args.parameters:
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*=\S+", g):
            raise UserError(f"-G '{g}': expected NAME=VALUE with no spaces")
    for i in args.incdirs:
        if not os.path.isdir(i):
            raise UserError(f"-I {i}: no such directory")
    request, config_top = _spec_request(args)
    if args.no_prune:
        drops = [d for d in args.drop if d != "none"]  # --drop none (observe every output) is the same
        given = [o for o, v in (("--keep", args.keep), ("--drop", drops), ("--config", args.config),
                                ("--explain", args.explain), ("--drop-prints", args.drop_prints),
                                ("--drop-assertions", args.drop_assertions)) if v]
        if given:
            raise UserError(f"--no-prune removes nothing, so {', '.join(given)} would have no effect")
        request.no_inference = True
    paths = _plan_outputs(args, args.sources)
    tmp_out = paths["verilog"].with_name(f".{paths['verilog'].name}.{os.getpid()}.tmp")
    flow_request = FlowRequest(
        sources=args.sources, output=str(tmp_out), top=args.top or config_top, spec=request,
        defines=args.define, incdirs=args.incdirs, sv=args.sv, explain=args.explain, prune=not args.no_prune,
        frontend=args.frontend, parameters=args.parameters, source_text=not args.no_source_text,
        top_form=args.top_form,
    )
    try:
        answer, peak_mb = run_worker(flow_request, Path(args.log) if args.log else None)
        result = FlowResult.from_json(answer)
        if not result.source_text.get("top"):  # else the output is the source's text: its ports by identity
            check_ports(tmp_out, result.top, result.ports)
        spec = ResolvedSpec(**result.spec)
        outputs = {"verilog": str(paths["verilog"]), "report": str(paths["report"])}
        if spec.inferred:
            outputs["spec"] = str(paths["spec"])
        report = build_report(result, outputs, peak_mb)
        # Every check has passed: only now does anything appear under the user's names.
        if spec.inferred:
            write_atomic(paths["spec"], format_config(spec))
        write_atomic(paths["report"], json.dumps(report, indent=2) + "\n")
        os.replace(tmp_out, paths["verilog"])
    finally:
        tmp_out.unlink(missing_ok=True)
    if spec.inferred and not args.quiet:
        print("rtlprune: no spec given; inferred one (edit and rerun with --config "
              f"{paths['spec']}):")
        for port, why in spec.inferred.items():
            print(f"  drop {port}: {why}")
    if not args.quiet:
        print(format_report(report))
    for name, lines in result.explain.items():
        print("\n".join(lines))
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["diff-trace"]:
        from rtlprune.simulation.trace import main as diff_trace_main
        return diff_trace_main(argv[1:])
    return run_command("rtlprune", lambda: run(argv))
