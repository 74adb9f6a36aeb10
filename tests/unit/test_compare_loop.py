"""The one compare (simulation/compare.py) with a bench that builds and runs nothing: each
variant built once, the equivalence check before the timed runs of its workload, the runs
interleaved and rotated, the median taken, and one Comparison per workload whose JSON carries
the common keys of both pipelines beside the bench's own."""

import json
from dataclasses import dataclass
from types import SimpleNamespace

import pytest

from rtlprune.errors import UserError
from rtlprune.simulation.compare import Bench, compare
from rtlprune.simulation.comparison import Comparison, write_json
from rtlprune.simulation.variants import VARIANTS


@dataclass
class _Run:
    seconds: float


class _Bench(Bench):
    simulator = "verilator"
    min_timed_s = 0.1
    noise = "timer noise"

    def __init__(self, seconds: dict[str, list[float]], equal: bool = True):
        self.variants = SimpleNamespace(design=SimpleNamespace(name="toy"),
                                        report={"spec": {"kept_outputs": ["a"], "dropped_outputs": ["b"]}},
                                        dropped_outputs=["b"])
        self.seconds, self.equal, self.calls = {k: list(v) for k, v in seconds.items()}, equal, []

    def build(self, variant):
        self.calls.append(("build", variant))
        return SimpleNamespace(build_s=1.0, cached=False, runtime_cached=False, binary=None)

    def inputs(self, workload):
        return SimpleNamespace(name=workload)

    def check(self, workload):
        self.calls.append(("check", workload.name))
        return SimpleNamespace(equal=self.equal)

    def run(self, variant, build, workload, check):
        self.calls.append(("run", variant))
        return _Run(self.seconds[variant].pop(0))

    def details(self, workload, check, timed):
        return {"cycles": 7, "medians": dict(timed.wall)}, [] if check.equal else ["traces differ"]

    def simulator_json(self):
        return {"simulator": {"name": "verilator"}}


@pytest.fixture(autouse=True)
def _same_models(monkeypatch):
    # no binaries here: every model differs from the original's
    monkeypatch.setattr("rtlprune.simulation.compare.model_digest", lambda sim, binary: object())


def test_each_variant_is_built_once_checked_first_and_timed_interleaved():
    times = {"original": [2.0, 2.2, 2.1], "roundtrip": [2.0, 2.0, 2.0], "peer": [1.0, 1.2, 1.1],
             "pruned": [0.5, 0.7, 0.6]}
    bench = _Bench(times)
    [r] = compare(bench, ["w1"], runs=3)
    assert bench.calls[:4] == [("build", n) for n in VARIANTS]
    assert bench.calls[4] == ("check", "w1")
    runs = [v for kind, v in bench.calls[5:] if kind == "run"]
    assert runs[:4] == list(VARIANTS) and runs[4:8] == [*VARIANTS[1:], VARIANTS[0]]   # rotated each round
    assert r.wall_s == {"original": 2.1, "roundtrip": 2.0, "peer": 1.1, "pruned": 0.6}
    assert r.wall_s_runs["original"] == [2.0, 2.2, 2.1]
    assert r.ratio("original", "pruned") == 3.5 and r.ok and r.traces_equal
    j = r.to_json()
    assert j["speedup_vs_original"] == 3.5 and j["speedup_vs_peer"] == round(1.1 / 0.6, 3)
    assert j["roundtrip_vs_original"] == 1.05 and j["cycles"] == 7 and j["ok"] is True
    assert j["design"] == "toy" and j["workload"] == "w1" and j["simulator"] == {"name": "verilator"}


def test_ratios_come_from_the_exact_medians_not_the_rounded_ones():
    # runs of tens of microseconds round to 0.0 in the JSON; their ratio must not
    bench = _Bench({"original": [4e-5], "roundtrip": [4e-5], "peer": [3e-5], "pruned": [2e-5]})
    [r] = compare(bench, ["w1"], runs=1)
    j = r.to_json()
    assert j["wall_s"]["pruned"] == 0.0 and j["speedup_vs_original"] == 2.0 and j["speedup_vs_peer"] == 1.5
    assert any("too short to time" in w for w in r.warnings)


def test_a_difference_is_a_problem_and_not_ok(tmp_path):
    bench = _Bench({n: [1.0, 1.0] for n in VARIANTS}, equal=False)
    results = compare(bench, ["w1", "w2"], runs=1)
    assert [r.workload for r in results] == ["w1", "w2"]
    assert all(not r.ok and r.problems == ["traces differ"] for r in results)
    # one writer: a list of results, or one as an object
    path = write_json(tmp_path / "all.json", results)
    assert [r["workload"] for r in json.loads(path.read_text())] == ["w1", "w2"]
    one = json.loads(write_json(tmp_path / "one.json", results[0]).read_text())
    assert one == results[0].to_json() and isinstance(results[0], Comparison)


def test_runs_below_one_is_a_one_line_error():
    with pytest.raises(UserError, match="--runs must be at least 1"):
        compare(_Bench({}), ["w"], runs=0)
