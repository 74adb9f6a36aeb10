"""What the host side asks the Yosys worker, and what it answers: plain dataclasses as JSON.

The CLI, the formal check and the worker (`rtlprune.engine.worker`) all use these, so the
request format is written down once.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import ClassVar

from rtlprune.hdl.ports import Port
from rtlprune.read_options import ReadOptions
from rtlprune.spec import SpecRequest

# The environment variable naming the file in which the worker writes the name of each flow step
# it begins, one per line; the parent shows the last (worker_process.run_worker).
PROGRESS_ENV = "RTLPRUNE_PROGRESS_FILE"


@dataclass
class FlowRequest:
    """Prune (or, with prune=False, only round-trip) a design: `rtlprune.engine.flow_runner`."""

    task: ClassVar[str] = "prune"
    sources: list[str]
    output: str
    top: str | None = None
    spec: SpecRequest = field(default_factory=SpecRequest)
    read: ReadOptions = field(default_factory=ReadOptions)
    explain: list[str] = field(default_factory=list)
    # False: the same flow with nothing removed (the round-trip baseline of benchmarks).
    prune: bool = True
    # keep the source's text of instances the cone leaves whole (engine/whole_instances.py)
    source_text: bool = True
    # a pruned top: "auto" (the smaller for Verilator), "netlist" or "source" (hdl/tie_off.py)
    top_form: str = "auto"
    # what the output is for: "verilator" or "icarus" (which removes no dead logic itself)
    simulator: str = "verilator"
    # where the cone is computed: "flat" (on the design flattened) or "hierarchy" (on the
    # hierarchy, rtlprune_hier_cone, before the design, pruned, is flattened)
    cone: str = "flat"

    @classmethod
    def from_json(cls, data: dict) -> FlowRequest:
        data = dict(data)
        data["spec"] = SpecRequest(**data["spec"])
        data["read"] = ReadOptions.from_json(data["read"])
        return cls(**data)

    def to_json(self) -> dict:
        return {**asdict(self), "read": self.read.to_json()}


@dataclass
class Figures:
    """The size of a design as the report gives it: cells (and by type), flip-flop bits and
    memory bits, the design flattened."""

    cells: int = 0
    ff_bits: int = 0
    memory_bits: int = 0
    cells_by_type: dict[str, int] = field(default_factory=dict)

    @property
    def state_bits(self) -> int:
        return self.ff_bits + self.memory_bits

    def removed_percent(self, after: Figures) -> dict[str, float]:
        """How much of each figure `after` no longer has, in percent of these."""
        pairs = {"cells": (self.cells, after.cells), "ff_bits": (self.ff_bits, after.ff_bits),
                 "memory_bits": (self.memory_bits, after.memory_bits)}
        return {k: round(100.0 * (b - a) / b, 2) if b else 0.0 for k, (b, a) in pairs.items()}

    def of_types(self, types) -> int:
        """How many cells are of one of `types`."""
        return sum(n for t, n in self.cells_by_type.items() if t in types)

    def with_instance_counted(self, cell_type: str, inside: Figures) -> Figures:
        """These figures with one cell of `cell_type` (an instance kept whole) counted as what it
        holds (`inside`)."""
        by_type = dict(self.cells_by_type)
        by_type[cell_type] -= 1
        if not by_type[cell_type]:
            del by_type[cell_type]
        for t, k in inside.cells_by_type.items():
            by_type[t] = by_type.get(t, 0) + k
        return Figures(self.cells + inside.cells - 1, self.ff_bits + inside.ff_bits,
                       self.memory_bits + inside.memory_bits, dict(sorted(by_type.items())))


@dataclass
class FlowResult:
    """What the flow found and did; the report is made from it (`rtlprune.report`)."""

    top: str
    sources: list[str]
    spec: dict                      # ResolvedSpec.to_json()
    side_effects_observed: dict     # prints, assertions, finishes, blackboxes
    ports: list[Port]               # the top's ports, in order (JSON: [name, direction, width])
    before: Figures
    after: Figures
    cut: dict                       # the cone's cut summary (empty with prune=False)
    seconds: dict                   # frontend, prune, backend, total, cpu_total, steps
    explain: dict                   # --explain name -> lines
    # top (bool), instances and modules kept as the source's text; why none could be ("" if some could)
    source_text: dict = field(default_factory=dict)
    # how the sources were read in the end: ReadOptions.flat and .skip_definitions set where the
    # first read met a hierarchical reference or a module defined again (worker_process)
    read: ReadOptions = field(default_factory=ReadOptions)

    @classmethod
    def from_json(cls, data: dict) -> FlowResult:
        return cls(**{**data, "ports": [Port(*p) for p in data["ports"]], "read": ReadOptions.from_json(data["read"]),
                      "before": Figures(**data["before"]), "after": Figures(**data["after"])})

    def to_json(self) -> dict:
        return {**asdict(self), "read": self.read.to_json()}


@dataclass
class EquivRequest:
    """Prove a pruned design equal to its original on the observed signals: `rtlprune.engine.miter`."""

    task: ClassVar[str] = "equiv"
    sources: list[str]
    pruned: str
    top: str
    spec: dict                      # ResolvedSpec.to_json() of the pruned design
    cycles: int = 20
    reset: str | None = None
    read: ReadOptions = field(default_factory=ReadOptions)
    timeout: int = 300
    counterexample: str | None = None  # where sat writes the model of a failed proof (WaveJSON)

    @classmethod
    def from_json(cls, data: dict) -> EquivRequest:
        return cls(**{**data, "read": ReadOptions.from_json(data["read"])})

    def to_json(self) -> dict:
        return {**asdict(self), "read": self.read.to_json()}


REQUESTS = {cls.task: cls for cls in (FlowRequest, EquivRequest)}
