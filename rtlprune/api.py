"""rtlprune from Python: `prune()` and `check_equivalence()`, what the command does, as calls.

    import rtlprune
    result = rtlprune.prune(["rtl/accel.v"], top="accel", drop=["io_mem_w_bits_data"])
    print(result.report.removed_percent["cells"], result.verilog)
    rtlprune.check_equivalence(result, reset="reset", cycles=20)

Both raise `rtlprune.UserError` with the one-line message the command prints (bad RTL with its
file and line, a pattern that matches nothing, a proof that fails) and nothing else for
problems with the input; `rtlprune.ToolError` when the failure is not the input's (the Yosys
worker died, the written output failed the drop-in check). Nothing is written under the user's names until every check passed,
and no input file is ever overwritten.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rtlprune.atomic import write_atomic
from rtlprune.config_file import format_config, read_config
from rtlprune.errors import UserError
from rtlprune.frontends import FRONTENDS
from rtlprune.port_check import check_ports
from rtlprune.progress import Progress
from rtlprune.protocol import FlowRequest, FlowResult
from rtlprune.read_options import ReadOptions
from rtlprune.report import build_report
from rtlprune.spec import ResolvedSpec, SpecRequest
from rtlprune.worker_process import run_worker


@dataclass(frozen=True)
class Report:
    """The JSON report (`Result.report_path`), its main parts as fields; `data` is all of it."""

    top: str
    kept_outputs: list[str]
    dropped_outputs: list[str]
    kept_signals: list[str]
    inferred: dict[str, str]          # dropped output -> why inference dropped it (empty: a spec was given)
    inferred_kept: dict[str, str]     # payload-like output inference kept -> why (a slave's read response)
    before: dict                      # cells, ff_bits, memory_bits, cells_by_type
    after: dict
    removed_percent: dict
    source_text: dict
    seconds: dict
    data: dict = field(repr=False)

    @classmethod
    def from_json(cls, data: dict) -> Report:
        spec = data["spec"]
        return cls(top=data["top"], kept_outputs=spec["kept_outputs"], dropped_outputs=spec["dropped_outputs"],
                   kept_signals=spec["kept_signals"], inferred=spec["inferred"],
                   inferred_kept=spec.get("inferred_kept", {}), before=data["before"],
                   after=data["after"], removed_percent=data["removed_percent"], source_text=data["source_text"],
                   seconds=data["seconds"], data=data)


@dataclass(frozen=True)
class Result:
    """What `prune` wrote (absolute paths) and found."""

    sources: tuple[str, ...]
    verilog: Path                     # the pruned Verilog
    report_path: Path                 # the JSON report
    spec_path: Path | None            # the inferred spec (TOML), when no spec was given
    report: Report
    options: ReadOptions              # how the sources were read: check_equivalence reads them so again
    explain: dict[str, list[str]]     # --explain answers


def prune(sources: Sequence[str | os.PathLike], *, top: str | None = None, drop: Sequence[str] = (),
          keep: Sequence[str] = (), config: str | os.PathLike | None = None, output: str | os.PathLike | None = None,
          report: str | os.PathLike | None = None, defines: Sequence[str] = (), incdirs: Sequence[str] = (),
          parameters: Sequence[str] = (), frontend: str = "slang", sv: bool = False, drop_prints: bool = False,
          drop_assertions: bool = False, explain: Sequence[str] = (), no_prune: bool = False,
          source_text: bool = True, top_form: str = "auto", log: str | os.PathLike | None = None,
          progress: bool = False, slang_args: Sequence[str] = (), simulator: str = "verilator",
          read: ReadOptions | None = None, cone: str = "flat") -> Result:
    """Prune `sources` to what the observed signals depend on; the arguments are the command's
    options (`rtlprune --help`): `drop=["none"]` observes every output, no drop, keep or config
    infers a spec. Writes `output` (default: FIRST_SOURCE.pruned.v in the current directory),
    the report and, when inferred, the spec. `progress`: show the step on stderr when pruning
    takes more than a moment (a line redrawn on a terminal, plain lines in a log). `read`: the
    read options as one ReadOptions (a Result's `options`), instead of defines ... slang_args.
    `cone`: "flat" or "hierarchy" (computed before anything is flattened)."""
    sources = [os.fspath(s) for s in sources]
    options = ReadOptions(tuple(defines), tuple(os.fspath(i) for i in incdirs), tuple(parameters), frontend, sv,
                          tuple(slang_args))
    if read is not None:
        if options != ReadOptions():
            raise UserError("read options given twice: as read= and as defines/incdirs/parameters/frontend/sv/slang_args")
        options = read
    _check_inputs(sources, options, top_form)
    if simulator not in ("verilator", "icarus"):
        raise UserError(f"simulator '{simulator}': expected verilator or icarus")
    if cone not in ("flat", "hierarchy"):
        raise UserError(f"cone '{cone}': expected flat or hierarchy")
    request, config_top = _spec_request(config, keep, drop, drop_prints, drop_assertions)
    if no_prune:
        given = [o for o, v in (("--keep", keep), ("--drop", [d for d in drop if d != "none"]), ("--config", config),
                                ("--explain", explain), ("--drop-prints", drop_prints),
                                ("--drop-assertions", drop_assertions)) if v]
        if given:
            raise UserError(f"--no-prune removes nothing, so {', '.join(given)} would have no effect")
        request.no_inference = True
    paths = _plan_outputs(sources, output, report, config)
    tmp_out = paths["verilog"].with_name(f".{paths['verilog'].name}.{os.getpid()}.tmp")
    flow_request = FlowRequest(
        sources=sources, output=str(tmp_out), top=top or config_top, spec=request, read=options,
        explain=list(explain), prune=not no_prune, source_text=source_text, top_form=top_form, simulator=simulator,
        cone=cone,
    )
    try:
        shown = Progress(f"rtlprune: pruning {top or config_top or Path(sources[0]).name}") if progress else None
        answer, peak_mb = run_worker(flow_request, Path(log) if log else None, shown)
        result = FlowResult.from_json(answer)
        options = result.read   # as it was read in the end: check_equivalence reads so too
        if not result.source_text.get("top"):  # else the output is the source's text: its ports by identity
            check_ports(tmp_out, result.top, result.ports)
        spec = ResolvedSpec(**result.spec)
        outputs = {"verilog": str(paths["verilog"]), "report": str(paths["report"])}
        if spec.inferred:
            outputs["spec"] = str(paths["spec"])
        data = build_report(result, outputs, peak_mb)
        # Every check has passed: only now does anything appear under the user's names.
        if spec.inferred:
            write_atomic(paths["spec"], format_config(spec))
        write_atomic(paths["report"], json.dumps(data, indent=2) + "\n")
        os.replace(tmp_out, paths["verilog"])
    finally:
        tmp_out.unlink(missing_ok=True)
    return Result(tuple(sources), paths["verilog"].resolve(), paths["report"].resolve(),
                  paths["spec"].resolve() if spec.inferred else None, Report.from_json(data), options, result.explain)


def check_equivalence(result: Result, *, cycles: int = 20, reset: str | None = None, timeout: int = 300) -> dict:
    """Prove, by bounded formal equivalence (Yosys `miter` and `sat`, from a zero state, with
    `reset` high in the first cycle), that every observed signal of `result`'s pruned design
    equals the original's for `cycles` cycles. For small designs (memories become flip-flops).
    Returns the proof's figures; raises UserError naming the first signal and cycle that differ."""
    from rtlprune.formal import check_equivalence as prove

    return prove(list(result.sources), str(result.verilog), result.report.top, result.report.data["spec"],
                 cycles=cycles, reset=reset, read=result.options, timeout=timeout)


# -- checks of what was given ---------------------------------------------------------------

def check_readable(path: str) -> None:
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


def _check_inputs(sources: list[str], options: ReadOptions, top_form: str) -> None:
    if not sources:
        raise UserError("no sources given")
    for s in sources:
        check_readable(s)
    for d in options.defines:
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*(=\S*)?", d):
            raise UserError(f"--define '{d}': expected NAME or NAME=VALUE with no spaces")
    for g in options.parameters:
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*=\S+", g):
            raise UserError(f"-G '{g}': expected NAME=VALUE with no spaces")
    for i in options.incdirs:
        if not os.path.isdir(i):
            raise UserError(f"-I {i}: no such directory")
    if options.frontend not in FRONTENDS:
        raise UserError(f"frontend '{options.frontend}': expected one of {', '.join(FRONTENDS)}")
    if top_form not in ("auto", "netlist", "source"):
        raise UserError(f"top_form '{top_form}': expected auto, netlist or source")
    for a in options.slang_args:
        if not re.fullmatch(r"--?[A-Za-z][\w-]*(=\S+)?", a):
            raise UserError(f"--slang-arg '{a}': expected one read_slang option, such as --relax-enum-conversions")
    if options.slang_args and options.frontend != "slang":
        raise UserError("--slang-arg is for --frontend slang")


def _spec_request(config, keep, drop, drop_prints, drop_assertions) -> tuple[SpecRequest, str | None]:
    request, top = SpecRequest(), None
    if config:
        check_readable(os.fspath(config))
        request, top = read_config(Path(config))
    request.keep += list(keep)
    request.drop += [d for d in drop if d != "none"]
    request.no_inference |= "none" in drop
    request.drop_prints |= drop_prints
    request.drop_assertions |= drop_assertions
    return request, top


def _strip_suffix(path: Path) -> Path:
    return path.with_suffix("") if path.suffix == ".v" else path


def _plan_outputs(sources: list[str], output, report, config) -> dict[str, Path]:
    out = Path(output) if output else Path(Path(sources[0]).name).with_suffix(".pruned.v")
    report = Path(report) if report else Path(f"{_strip_suffix(out)}.report.json")
    spec = Path(f"{_strip_suffix(out)}.spec.toml")
    inputs = {Path(s).resolve() for s in sources}
    if config:
        inputs.add(Path(config).resolve())
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
