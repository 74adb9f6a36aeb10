"""The result of a timed comparison on one workload (compare.py), the same type from both
pipelines, and its one JSON writer. The pipeline's own figures (the harness's cycle counts per
variant, the own testbench's state and model checks) are in `details`, written beside the
common keys."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Comparison:
    design: str
    workload: str
    runs: int
    wall_s: dict[str, float]              # median wall time per variant (exact; the JSON rounds)
    wall_s_runs: dict[str, list[float]]   # every run, in the order run
    build_s: dict[str, float]
    same_cpp_as_original: list[str]       # variants whose model is the original's (their ratio is noise)
    traces_equal: bool                    # the equivalence runs found original and pruned equal
    problems: list[str]
    warnings: list[str]
    simulator: dict                       # "simulator" and its flags, as backends/Builder give them
    details: dict = field(default_factory=dict)
    timestamp: str = ""

    def ratio(self, a: str, b: str) -> float:
        """How many times longer variant `a` runs than `b` (a speedup of b over a)."""
        return round(self.wall_s[a] / max(self.wall_s[b], 1e-9), 3)

    @property
    def ok(self) -> bool:
        return self.traces_equal and not self.problems

    def to_json(self) -> dict:
        return {
            "design": self.design, "workload": self.workload, "runs": self.runs, **self.details,
            "wall_s": {n: round(s, 4) for n, s in self.wall_s.items()},
            "wall_s_runs": {n: [round(s, 4) for s in runs] for n, runs in self.wall_s_runs.items()},
            "build_s": {n: round(s, 1) for n, s in self.build_s.items()},
            "same_cpp_as_original": self.same_cpp_as_original,
            "traces_equal": self.traces_equal, "problems": self.problems, "ok": self.ok,
            "speedup_vs_original": self.ratio("original", "pruned"),
            "speedup_vs_peer": self.ratio("peer", "pruned"),
            "roundtrip_vs_original": self.ratio("original", "roundtrip"),
            **self.simulator, "warnings": self.warnings, "timestamp": self.timestamp,
        }


def write_json(path: Path, results: Comparison | list[Comparison]) -> Path:
    """One result (an object) or several (a list) as JSON at `path`."""
    data = results.to_json() if isinstance(results, Comparison) else [r.to_json() for r in results]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2) + "\n")
    return path
