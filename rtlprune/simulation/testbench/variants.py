"""The variants of a design under its own testbench, as source lists for Verilator.

Every variant compiles the testbench's sources as they are. The DUT module is swapped at its
definition, never at the instance, so the testbench's connection style (named, `.*`,
positional, ports left out) does not matter:

- original: the sources as they are;
- pruned / roundtrip: the one source that defines the DUT module gets a copy in which that
  definition is renamed `<dut>__rtlprune_source` (unused, so Verilator drops it), and rtlprune's
  output defines `<dut>`;
- peer: a wrapper named `<dut>` instantiates the renamed original with the dropped outputs left
  unconnected and drives them with 0, as the pruned design does: what Verilator's own dead-code
  removal makes of the same observation;
- observed (equivalence runs only): a wrapper named `<dut>` around the original or the pruned
  module that hashes the kept outputs at every rising clock edge and writes the hash to
  `rtlprune_trace.txt` every CHECK_EVERY cycles and, with the cycle count, at the end;
- lockstep (equivalence runs only): a wrapper named `<dut>` around both, the original driving
  the testbench and the pruned one fed the same inputs, that compares every kept output at
  every rising clock edge and writes the first differing cycle to `rtlprune_lockstep.txt`.

With `finish_on`, every variant (the original too) is a wrapper named `<dut>` that ends the run
at the first clock edge where that output is 1. With `finish_with_original`, the same wrapper
also ends the run at the clock edge a plusarg (FINISH_AFTER_PLUSARG) names: the harness passes
the one after the original's last, so that every variant simulates the original's cycles even
when a testbench that reads a dropped output would never reach $finish.

The pruned output may carry copies of source modules (the text of instances kept whole): the
same preprocessed text as the sources' own, of which Verilator keeps the first it reads (and
warns MODDUP). Icarus refuses a module defined twice: with `unique_modules`, the files made here
lose the definitions an earlier file of the list already holds, which is the copy Verilator keeps.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path

from rtlprune.errors import UserError
from rtlprune.hdl.modules import declare_parameters, drop_modules, integer_literal, module_names, rename_modules
from rtlprune.hdl.ports import Port, module_ports
from rtlprune.simulation import simulator_tag
from rtlprune.simulation.pruning import prune_variant
from rtlprune.simulation.testbench.description import TestbenchDesign
from rtlprune.simulation.testbench.instance_params import instance_parameters
from rtlprune.simulation.variants import VariantSources, replace_if_changed, write_if_changed
from rtlprune.simulation.vcd import HISTORY, WINDOW_AFTER, WINDOW_BEFORE

log = logging.getLogger(__name__)

RENAMED = "__rtlprune_source"
TRACE_FILE = "rtlprune_trace.txt"
LOCKSTEP_FILE = "rtlprune_lockstep.txt"
WINDOW_FILE = "rtlprune_window.txt"
DROPPED_FILE = "rtlprune_dropped.txt"  # dropped outputs the run drove non-zero, and from when   # the lockstep's cycles around the first difference (vcd.py)
END_SUFFIX = ".end"  # rtlprune_trace.txt.end: the last record, written at exit (see _end_record)
END_RECORD_CPP = Path(__file__).with_name("end_record.cpp")
CHECK_EVERY = 1024
FINISH_AFTER_PLUSARG = "rtlprune_finish_after"


@dataclass
class TestbenchVariants(VariantSources):
    design: TestbenchDesign
    build_dir: Path
    pruned: Path
    roundtrip: Path
    report: dict
    parameters: dict[str, int] = field(default_factory=dict)   # of the DUT instance (instance_params.py)
    reference: Path | None = None     # the flat cone (--no-source-text): what the pruned may not exceed
    reference_report: dict = field(default_factory=dict)
    unique_modules: bool = False      # Icarus: no module defined twice in one source list

    def sources(self, variant: str) -> list[Path]:
        return self._unique(self._sources(variant))

    def _unique(self, files: list[Path]) -> list[Path]:
        """With `unique_modules`, each file made here (under build_dir) without the modules an
        earlier file defines; the user's files as they are."""
        if not self.unique_modules:
            return files
        seen: set[str] = set()
        out = []
        for f in files:
            if f.suffix not in (".v", ".sv"):
                out.append(f)
                continue
            text = f.read_text(encoding="latin-1")
            names = set(module_names(text))
            again = names & seen
            if again and self.build_dir in f.parents:
                copy = f.with_name(f"{f.stem}.unique{f.suffix}")
                write_if_changed(copy, drop_modules(text, again))
                f = copy
            seen |= names
            out.append(f)
        return out

    def _sources(self, variant: str) -> list[Path]:
        d = self.design
        if variant not in ("original", "pruned", "roundtrip", "peer", "reference"):
            raise UserError(f"unknown variant '{variant}'")
        if variant == "original" and not d.ends_in_wrapper:
            return [*d.testbench, *d.sources]
        renamed = self._renamed_sources()
        if variant == "peer":
            return [*d.testbench, *renamed, self._peer_wrapper()]
        if variant == "original":
            return [*d.testbench, *renamed, self._finisher("original", d.dut_module + RENAMED)]
        output = {"pruned": self.pruned, "roundtrip": self.roundtrip, "reference": self.reference}[variant]
        if not d.ends_in_wrapper:
            return [*d.testbench, *renamed, output]
        suffix = f"__rtlprune_{variant}"
        return [*d.testbench, *renamed, self._renamed_copy(output, suffix), self._finisher(variant, d.dut_module + suffix)]

    def observed_sources(self, variant: str) -> list[Path]:
        """The sources of `variant` (original or pruned) with the trace monitor around the DUT."""
        d = self.design
        if variant == "original":
            inner = self._renamed_sources(suffix="__rtlprune_observed")
        elif variant == "pruned":
            inner = [*self._renamed_sources(), self._renamed_copy(self.pruned, "__rtlprune_observed")]
        else:
            raise UserError(f"no observed build of variant '{variant}'")
        return self._unique([*d.testbench, *inner, self._monitor_wrapper(), *self._end_record_cpp()])

    def lockstep_sources(self) -> list[Path]:
        """The testbench with the original and the pruned DUT side by side (`_lockstep_wrapper`)."""
        d = self.design
        return self._unique([*d.testbench, *self._renamed_sources(),
                             self._renamed_copy(self.pruned, "__rtlprune_lockstep"), self._lockstep_wrapper(),
                             *self._end_record_cpp()])

    # --- pieces ---------------------------------------------------------------------------
    def _renamed_copy(self, source: Path, suffix: str) -> Path:
        out = self.build_dir / "sources" / f"{source.stem}{suffix}{source.suffix}"
        out.parent.mkdir(parents=True, exist_ok=True)
        text = source.read_text(encoding="latin-1")
        write_if_changed(out, rename_modules(text, {self.design.dut_module}, suffix))
        return out

    def _renamed_sources(self, suffix: str = RENAMED) -> list[Path]:
        definer = self.design.definition_file()
        return [self._renamed_copy(s, suffix) if s == definer else s for s in self.design.sources]

    def _ports(self) -> list[Port]:
        return module_ports(self.pruned.read_text(encoding="latin-1"), self.design.dut_module)

    def kept_ports(self) -> list[Port]:
        kept = set(self.kept_outputs)
        return [p for p in self._ports() if p.name in kept]

    def _wrapper(self, name: str, inner: str, body: list[str], open_outputs: set[str],
                 declarations: list[str] = ()) -> Path:
        ports = self._ports()
        lines = [f"// Generated by rtlprune.simulation ({name}); the DUT's ports as rtlprune writes them",
                 f"module {self.design.dut_module}{self._parameter_list()}({', '.join(p.name for p in ports)});"]
        for p in ports:
            rng = f"[{p.width - 1}:0] " if p.width > 1 else ""
            lines.append(f"  {p.direction} {rng}{p.name};")
        conns = ",\n    ".join(f".{p.name}({'' if p.name in open_outputs else p.name})" for p in ports)
        lines += [*declarations, f"  {inner}{self._parameter_overrides()} inner (\n    {conns}\n  );", *body,
                  *self._finish_body(ports), "endmodule", ""]
        out = self.build_dir / "sources" / f"{self.design.dut_module}.{name}.v"
        out.parent.mkdir(parents=True, exist_ok=True)
        write_if_changed(out, "\n".join(lines))
        return out

    def _parameter_list(self) -> str:
        """A wrapper's own parameters: those the testbench's instance passes, at the values the
        DUT was pruned with."""
        items = ", ".join(f"parameter {k} = {v}" for k, v in self.parameters.items())
        return f" #({items}) " if items else ""

    def _parameter_overrides(self) -> str:
        """What a wrapper passes on to the DUT inside it: its own parameters."""
        items = ", ".join(f".{k}({k})" for k in self.parameters)
        return f" #({items})" if items else ""

    def _end_record(self, function: str, args: str) -> tuple[list[str], list[str]]:
        """With the user's own C++ main, which may end without calling the model's final()
        (picorv32's testbench.cc), `final` blocks never run: the monitor then also hands its last
        record to a DPI function of END_RECORD_CPP at every clock edge, which writes it at exit
        to FILE.end. (Rewriting the file every cycle made the run many times slower.) Returns the
        declaration and the call."""
        if self.design.main is None:
            return [], []
        types = {"rtlprune_end_trace": "input longint cycles, input longint hash",
                 "rtlprune_end_lockstep": "input longint cycles, input bit differ"}
        return ([f'  import "DPI-C" function void {function}({types[function]});'],
                [f"    {function}({args});"])

    def _end_record_cpp(self) -> list[Path]:
        return [END_RECORD_CPP] if self.design.main is not None else []

    def _finish_body(self, ports: list[Port]) -> list[str]:
        """The design's `finish_on`: $finish at the first rising clock edge where that output is 1;
        its `finish_with_original`: $finish at the rising clock edge FINISH_AFTER_PLUSARG counts
        to (1 is the first), when a run is given one."""
        lines = []
        signal = self.design.finish_on
        if signal:
            if signal not in {p.name for p in ports if p.direction == "output"} or signal in self.dropped_outputs:
                raise UserError(f"{self.design.name}: finish_on '{signal}' is not a kept output of {self.design.dut_module}")
            lines.append(f"  always @(posedge {self.design.clock}) if ({signal}) $finish;")
        if self.design.finish_with_original:
            lines += ["  reg [63:0] rtlprune_finish_after = 0;",
                      "  reg [63:0] rtlprune_edges = 0;",
                      f'  initial if (!$value$plusargs("{FINISH_AFTER_PLUSARG}=%d", rtlprune_finish_after)) '
                      "rtlprune_finish_after = 0;",
                      f"  always @(posedge {self.design.clock}) begin",
                      "    rtlprune_edges <= rtlprune_edges + 1;",
                      "    if (rtlprune_finish_after != 0 && rtlprune_edges + 1 == rtlprune_finish_after) $finish;",
                      "  end"]
        return lines

    def _finisher(self, name: str, inner: str) -> Path:
        """A wrapper that only ends the run on `finish_on`, the same in every variant."""
        return self._wrapper(f"finish-{name}", inner, [], set())

    def _peer_wrapper(self) -> Path:
        dropped = set(self.dropped_outputs)
        body = [f"  assign {p} = '0;" for p in self.dropped_outputs]
        return self._wrapper("peer", self.design.dut_module + RENAMED, body, dropped)

    def _monitor_wrapper(self) -> Path:
        """A hash of the kept outputs at every rising clock edge (fold to 64 bits, mix by a
        multiply), written every CHECK_EVERY cycles and at the end: a run of millions of cycles
        gives kilobytes, and the first differing line bounds the first differing cycle."""
        kept = self.kept_outputs
        if not kept:
            raise UserError(f"{self.design.name}: the spec keeps no output of {self.design.dut_module}")
        widths = {p.name: p.width for p in self._ports()}
        total = sum(widths[k] for k in kept)
        padded = -(-total // 64) * 64
        chunks, words = [], []
        for k in range(padded // 64):
            r = (7 * k) % 64
            # each word a wire of its own: Icarus reads no part-select of a part-select
            c = f"rtlprune_w{k}"
            words.append(f"  wire [63:0] {c} = rtlprune_obs[{64 * k + 63}:{64 * k}];")
            chunks.append(c if r == 0 else f"{{{c}[{63 - r}:0], {c}[63:{64 - r}]}}")
        end_decl, end_call = self._end_record(
            "rtlprune_end_trace", "rtlprune_cycle + 64'd1, (rtlprune_hash ^ rtlprune_fold) * 64'h9e3779b97f4a7c15 + 64'd1")
        body = [
            f"  wire [{padded - 1}:0] rtlprune_obs = {{{padded - total}'d0, {', '.join(kept)}}};" if padded > total
            else f"  wire [{padded - 1}:0] rtlprune_obs = {{{', '.join(kept)}}};",
            *words,
            f"  wire [63:0] rtlprune_fold = {' ^ '.join(chunks)};",
            *end_decl,
            "  integer rtlprune_fd;",
            "  reg [63:0] rtlprune_cycle = 0;",
            "  reg [63:0] rtlprune_hash = 0;",
            f'  initial rtlprune_fd = $fopen("{TRACE_FILE}", "w");',
            f"  always @(posedge {self.design.clock}) begin",
            "    rtlprune_hash <= (rtlprune_hash ^ rtlprune_fold) * 64'h9e3779b97f4a7c15 + 64'd1;",
            "    rtlprune_cycle <= rtlprune_cycle + 1;",
            f"    if (rtlprune_cycle % {CHECK_EVERY} == 0)",
            '      $fwrite(rtlprune_fd, "%0d %h\\n", rtlprune_cycle, rtlprune_hash);',
            *end_call,
            "  end",
            '  final begin $fwrite(rtlprune_fd, "cycles %0d %h\\n", rtlprune_cycle, rtlprune_hash); '
            "$fclose(rtlprune_fd); end",
            *self._dropped_watch(),
        ]
        return self._wrapper("observed", self.design.dut_module + "__rtlprune_observed", body, set())

    def _dropped_watch(self) -> list[str]:
        """The first cycle each dropped output is non-zero, written to DROPPED_FILE at the end: in
        the original's run, the outputs the testbench may read back (environment feedback) when
        the runs differ; in the pruned one, tied to 0, nothing."""
        dropped = [p for p in self._ports() if p.name in set(self.dropped_outputs)]
        lines = ["  integer rtlprune_dfd;"]
        checks, writes = [], []
        for k, p in enumerate(dropped):
            lines += [f"  reg rtlprune_seen{k} = 0;", f"  reg [63:0] rtlprune_first{k} = 0;"]
            checks.append(f"    if (!rtlprune_seen{k} && {p.name} != 0) begin rtlprune_seen{k} <= 1; "
                          f"rtlprune_first{k} <= rtlprune_cycle; end")
            writes.append(f'    if (rtlprune_seen{k}) $fwrite(rtlprune_dfd, "{p.name} %0d\\n", rtlprune_first{k});')
        return [*lines, f"  always @(posedge {self.design.clock}) begin", *checks, "  end",
                f'  final begin rtlprune_dfd = $fopen("{DROPPED_FILE}", "w");', *writes,
                "    $fclose(rtlprune_dfd);", "  end"]


    def _lockstep_wrapper(self) -> Path:
        """Original (`inner`, driving the testbench) and pruned (`pruned`) on the same inputs; at
        every rising clock edge each kept output is compared, and the first cycle where any
        differs is written, every differing output with both values; `final` writes the count."""
        ports = self._ports()
        kept = set(self.kept_outputs)
        if not kept:
            raise UserError(f"{self.design.name}: the spec keeps no output of {self.design.dut_module}")
        decls = [f"  wire {f'[{p.width - 1}:0] ' if p.width > 1 else ''}rtlprune_p_{p.name};"
                 for p in ports if p.name in kept]
        conns = ",\n    ".join(f".{p.name}(rtlprune_p_{p.name})" if p.name in kept else
                                f".{p.name}()" if p.direction == "output" else f".{p.name}({p.name})" for p in ports)
        checks = [f"      if ({p.name} !== rtlprune_p_{p.name}) begin\n"
                  f'        $fwrite(rtlprune_fd, "cycle %0d: {p.name} original %h pruned %h\\n", '
                  f"rtlprune_cycle, {p.name}, rtlprune_p_{p.name});\n        rtlprune_bad <= 1;\n"
                  f"        rtlprune_first <= rtlprune_cycle;\n      end"
                  for p in ports if p.name in kept]
        history, record, dump = self._window([p for p in ports if p.name in kept])
        differ = " || ".join(f"({p.name} !== rtlprune_p_{p.name})" for p in ports if p.name in kept)
        end_decl, end_call = self._end_record("rtlprune_end_lockstep", f"rtlprune_cycle + 64'd1, rtlprune_bad || {differ}")
        body = [
            f"  {self.design.dut_module}__rtlprune_lockstep{self._parameter_overrides()} pruned (\n    {conns}\n  );",
            *end_decl,
            "  integer rtlprune_fd;",
            "  reg [63:0] rtlprune_cycle = 0;",
            "  reg rtlprune_bad = 0;",
            *history,
            f'  initial rtlprune_fd = $fopen("{LOCKSTEP_FILE}", "w");',
            f"  always @(posedge {self.design.clock}) begin",
            "    rtlprune_cycle <= rtlprune_cycle + 1;",
            *record,
            "    if (!rtlprune_bad) begin",
            *checks,
            "    end",
            f"    if (rtlprune_bad && !rtlprune_dumped && rtlprune_cycle == rtlprune_first + {WINDOW_AFTER + 1}) "
            "rtlprune_dump_window();",
            *end_call,
            "  end",
            *dump,
            '  final begin $fwrite(rtlprune_fd, "cycles %0d %0s\\n", rtlprune_cycle, '
            'rtlprune_bad ? "differ" : "equal"); $fclose(rtlprune_fd);',
            "    if (rtlprune_bad && !rtlprune_dumped) rtlprune_dump_window();",
            "  end",
        ]
        return self._wrapper("lockstep", self.design.dut_module + RENAMED, body, set(), decls)


    @staticmethod
    def _window(kept: list[Port]) -> tuple[list[str], list[str], list[str]]:
        """The lockstep monitor's ring buffer of every kept output, both variants, and the task
        that writes the cycles around the first difference to WINDOW_FILE (vcd.py makes a VCD of
        them): declarations, the per-cycle recording, the task."""
        depth = HISTORY
        index = f"rtlprune_cycle[{depth.bit_length() - 2}:0]"
        decls = ["  reg [63:0] rtlprune_first = 0;", "  reg rtlprune_dumped = 0;", "  integer rtlprune_wfd;",
                 "  reg [63:0] rtlprune_i;"]
        record, fields = [], []
        for p in kept:
            rng = f"[{p.width - 1}:0] " if p.width > 1 else ""
            decls.append(f"  reg {rng}rtlprune_ho_{p.name} [0:{depth - 1}];")
            decls.append(f"  reg {rng}rtlprune_hp_{p.name} [0:{depth - 1}];")
            record.append(f"    rtlprune_ho_{p.name}[{index}] <= {p.name};")
            record.append(f"    rtlprune_hp_{p.name}[{index}] <= rtlprune_p_{p.name};")
            at = f"rtlprune_i[{depth.bit_length() - 2}:0]"
            fields.append(f'      $fwrite(rtlprune_wfd, " %h %h", rtlprune_ho_{p.name}[{at}], rtlprune_hp_{p.name}[{at}]);')
        task = ["  task rtlprune_dump_window;", "    begin",
                f'      rtlprune_wfd = $fopen("{WINDOW_FILE}", "w");',
                f"      for (rtlprune_i = rtlprune_first > {WINDOW_BEFORE} ? rtlprune_first - {WINDOW_BEFORE} : 0;",
                f"           rtlprune_i < rtlprune_cycle && rtlprune_i <= rtlprune_first + {WINDOW_AFTER};",
                "           rtlprune_i = rtlprune_i + 1) begin",
                '        $fwrite(rtlprune_wfd, "%0d", rtlprune_i);',
                *["  " + f for f in fields],
                '        $fwrite(rtlprune_wfd, "\\n");',
                "      end",
                '      $fwrite(rtlprune_wfd, "first %0d\\n", rtlprune_first);',
                "      $fclose(rtlprune_wfd);",
                "      rtlprune_dumped = 1;",
                "    end",
                "  endtask"]
        return decls, record, task


def _rtlprune(design: TestbenchDesign, out: Path, parameters: dict[str, int], **options) -> dict:
    """rtlprune on the DUT's sources with the instance's parameter values; the written module
    declares them again, so that the testbench's `#(...)` still finds them."""
    tmp, report = out.with_suffix(".tmp.v"), out.with_suffix(".report.json")
    read = design.read_options([f"{k}={integer_literal(v)}" for k, v in parameters.items()])
    prune_variant(f"rtlprune failed on {design.name}", design.dut_sources(), design.dut_module, tmp, report,
                  read=read, **options)
    if parameters:
        text = tmp.read_text(encoding="latin-1")
        tmp.write_text(declare_parameters(text, design.dut_module, parameters), encoding="latin-1")
    replace_if_changed(tmp, out)
    return json.loads(report.read_text())


def prepare(design: TestbenchDesign, build_dir: Path, simulator: str = "verilator") -> TestbenchVariants:
    """Prune the DUT with the design's spec for `simulator` (its top form chosen by what that
    simulator makes of it), make the round trip (`--no-prune`) and the flat cone
    (`--no-source-text`), the reference the pruned output may keep no more state than."""
    build_dir.mkdir(parents=True, exist_ok=True)
    parameters = instance_parameters(design, build_dir)
    if parameters:
        log.info(f"{design.dut_instance} parameters: {', '.join(f'{k}={v}' for k, v in parameters.items())}")
    spec = {"drop": list(design.drop), "keep": list(design.keep)} if design.drop or design.keep else {"drop": ["none"]}
    tag = simulator_tag(simulator)
    pruned = build_dir / f"{design.dut_module}.pruned{tag}.v"
    log.info(f"pruning {design.dut_module} for {simulator} -> {pruned}")
    report = _rtlprune(design, pruned, parameters, **spec, simulator=simulator)
    roundtrip = build_dir / f"{design.dut_module}.roundtrip.v"
    log.info(f"Yosys round trip (rtlprune --no-prune) -> {roundtrip}")
    _rtlprune(design, roundtrip, parameters, no_prune=True)
    reference = build_dir / f"{design.dut_module}.reference.v"
    log.info(f"the flat cone (rtlprune --no-source-text) -> {reference}")
    reference_report = _rtlprune(design, reference, parameters, **spec, source_text=False)
    return TestbenchVariants(design, build_dir, pruned, roundtrip, report, parameters, reference, reference_report)
