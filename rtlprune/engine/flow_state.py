"""What passes between the steps of the flow: every field declared here, set by the step that
first makes it (rtlprune/engine/steps.py) and read by the later ones and the result."""

from __future__ import annotations

import resource
import time
from dataclasses import dataclass, field

from pyosys import libyosys as ys

from rtlprune.engine.design_tree import DesignTree
from rtlprune.engine.sources import read_commands
from rtlprune.engine.top_form import MixedForm, TopForm
from rtlprune.engine.whole_instances import WholeInstances
from rtlprune.hdl.ports import Port
from rtlprune.hdl.source_text import SourceText
from rtlprune.protocol import Figures, FlowRequest
from rtlprune.spec import ResolvedSpec
from yosys_passes.cone import Cone
from yosys_passes.cut import CutSummary
from yosys_passes.hier_cone import HierCut

RTLIL_SUFFIXES = (".il", ".rtlil")


@dataclass
class StepClock:
    """Wall and CPU seconds and peak memory of each labelled step, for the report.

    `peak_mb` is the worker's own peak resident memory during the step: Linux resets the peak
    (VmHWM) when "5" is written to /proc/self/clear_refs, so each step starts from its current
    size. `tools_peak_mb` is the largest peak of a tool the worker ran (Verilator for the form
    choice), given on the step during which it rose: a child's peak cannot be reset, and it is
    an upper bound (it counts the pages the child shared with the worker until it ran the tool)."""

    steps: dict[str, dict[str, float]] = field(default_factory=dict)
    label_end: dict[str, float] = field(default_factory=dict)   # step -> when it ended (monotonic)
    open_label: str | None = None
    t0: float = field(default_factory=time.monotonic)
    t: float = 0.0
    c: float = field(default_factory=time.process_time)
    tools_mb: float = 0.0

    def __post_init__(self) -> None:
        self.t = self.t0
        self.tools_mb = _tools_peak_mb()

    def open(self, name: str) -> None:
        self.close()
        self.open_label = name
        _reset_peak()

    def close(self) -> None:
        if self.open_label is None:
            return
        t, c = time.monotonic(), time.process_time()
        step = {"wall": round(t - self.t, 3), "cpu": round(c - self.c, 3)}
        peak, rss = _own_memory_mb()
        if peak is not None:
            step.update(peak_mb=round(peak, 1), rss_mb=round(rss, 1))
        tools = _tools_peak_mb()
        if tools > self.tools_mb:
            step["tools_peak_mb"] = round(tools, 1)
            self.tools_mb = tools
        self.steps[self.open_label] = step
        # in the Yosys log as each step ends, so that a run that dies (out of memory) still tells
        ys.log(f"rtlprune: step {self.open_label}: {step['wall']:.2f} s wall, {step['cpu']:.2f} s CPU"
               + (f", peak {step['peak_mb']:.0f} MiB" if "peak_mb" in step else "") + "\n")
        self.label_end[self.open_label] = t
        self.t, self.c = t, c
        self.open_label = None


def _reset_peak() -> None:
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:     # not Linux, or a kernel before 4.0: the peak is then the run's so far
        pass


def _own_memory_mb() -> tuple[float | None, float | None]:
    """(peak, current) resident memory of this process in MiB, from /proc/self/status."""
    try:
        with open("/proc/self/status") as f:
            status = f.read()
    except OSError:
        return None, None
    fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
    try:
        return int(fields["VmHWM"].split()[0]) / 1024, int(fields["VmRSS"].split()[0]) / 1024
    except (KeyError, ValueError, IndexError):
        return None, None


def _tools_peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


@dataclass
class FlowState:
    req: FlowRequest
    tmp: str                                    # the worker's temporary directory
    design: ys.Design = field(default_factory=ys.Design)
    clock: StepClock = field(default_factory=StepClock)
    # read
    verilog: list[str] = field(default_factory=list)
    rtlil: list[str] = field(default_factory=list)
    sv: bool = False
    read_files: list[str] = field(default_factory=list)   # the sources, with system tasks rewritten
    incdirs: list[str] = field(default_factory=list)
    # hierarchy, proc
    top: str | None = None
    proc_marked: list[ys.Module] = field(default_factory=list)
    # spec
    tree: DesignTree | None = None
    ports: list[Port] = field(default_factory=list)
    side: dict[str, int] = field(default_factory=dict)     # side effects observed: prints, assertions, ...
    spec: ResolvedSpec | None = None
    marks: list = field(default_factory=list)              # the `keep` marks protect() set
    # stats
    before: Figures = field(default_factory=Figures)
    storage_before: dict[str, int] = field(default_factory=dict)   # registers and memories: flat name -> bits
    instance_paths: dict = field(default_factory=dict)     # DesignTree.instance_paths()
    names_before: set[str] = field(default_factory=set)    # for --explain
    # flatten, cone
    instances_left: set[tuple[str, str]] = field(default_factory=set)   # (module, instance) after hier_prune
    cone: Cone | None = None
    cut: CutSummary | None = None
    hier_cut: HierCut | None = None                        # --cone hierarchy: the cut before flatten
    tree_as_read: DesignTree | None = None                 # --cone hierarchy: the tree before the cut
    explanations: dict[str, list[str]] = field(default_factory=dict)
    # whole instances
    removed_storage: dict[str, int] = field(default_factory=dict)  # what the cone removed (flat name: bits)
    source_text: SourceText = field(default_factory=lambda: SourceText(reason="not asked for"))
    whole: WholeInstances = field(default_factory=WholeInstances)
    needed_inputs: dict[str, dict[str, list[bool] | None]] = field(default_factory=dict)  # path -> port -> bits
    kept_instances: dict[str, str] = field(default_factory=dict)   # cell of the output -> its Yosys module
    # back end
    after: Figures = field(default_factory=Figures)
    split_vars: list[str] = field(default_factory=list)
    mixed_form: MixedForm | None = None
    top_form: TopForm | None = None

    @classmethod
    def start(cls, req: FlowRequest, tmp: str) -> FlowState:
        return cls(req, tmp, verilog=[s for s in req.sources if not s.endswith(RTLIL_SUFFIXES)],
                   rtlil=[s for s in req.sources if s.endswith(RTLIL_SUFFIXES)])

    def read_commands(self, files: list[str], incdirs: list[str]) -> list[str]:
        """The Yosys commands that read `files` (the sources, or copies of them) as the request says."""
        read = self.req.read
        return read_commands(files, self.rtlil, self.sv, read.defines, incdirs, read.frontend, self.req.top,
                             read.parameters, read.slang_args, keep_hierarchy=not read.flat,
                             blackboxed=read.blackboxed)

    @property
    def output(self) -> str:
        return self.req.output
