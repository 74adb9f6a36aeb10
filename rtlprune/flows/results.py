"""cocotb's results files (JUnit XML, one per variant) read back, and the tests of every
variant side by side: pass or fail, wall seconds, and speed against the first variant."""

from __future__ import annotations

import statistics
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from rtlprune.errors import UserError


@dataclass(frozen=True)
class TestResult:
    name: str
    passed: bool
    seconds: float          # wall time of the test (cocotb's `time`)
    sim_time_ns: float


def read_results(path: Path) -> dict[str, TestResult]:
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as e:
        raise UserError(f"{path}: cannot read cocotb's results ({e})") from None
    out = {}
    for case in root.iter("testcase"):
        name = f"{case.get('classname', '')}.{case.get('name', '')}".lstrip(".")
        failed = any(child.tag in ("failure", "error") for child in case)
        skipped = any(child.tag == "skipped" for child in case)
        out[name] = TestResult(name, not failed and not skipped, float(case.get("time", 0.0)), _sim_time_ns(case))
    return out


_NS = {"fs": 1e-6, "ps": 1e-3, "ns": 1.0, "us": 1e3, "ms": 1e6, "s": 1e9}


def _sim_time_ns(case: ET.Element) -> float:
    """The simulated time of a test in ns: cocotb 2 writes it as properties (sim_time_duration in
    sim_time_unit), cocotb 1 as an attribute (sim_time_ns); -1 when neither is there."""
    props = {p.get("name"): p.get("value") for p in case.iter("property")}
    if "sim_time_duration" in props and props.get("sim_time_unit") in _NS:
        return float(props["sim_time_duration"]) * _NS[props["sim_time_unit"]]
    return float(case.get("sim_time_ns", -1.0))


def median_results(runs: list[dict[str, TestResult]]) -> dict[str, TestResult]:
    """Each test over several runs: passed in every run, the median wall time (of the runs that
    have it), the simulated time when every run agrees (else -1: the runs differ)."""
    out = {}
    for name in sorted({t for r in runs for t in r}):
        got = [r[name] for r in runs if name in r]
        times = sorted(t.seconds for t in got)
        sims = {t.sim_time_ns for t in got}
        out[name] = TestResult(name, len(got) == len(runs) and all(t.passed for t in got),
                               statistics.median(times), sims.pop() if len(sims) == 1 else -1.0)
    return out


@dataclass(frozen=True)
class SideBySide:
    markdown: str
    data: dict
    all_passed: bool


def side_by_side(variants: dict[str, dict[str, TestResult]], ratios: list[tuple[str, str, str]] = ()) -> SideBySide:
    """One row per test, one column per variant (in the order given), then each ratio
    (label, slower variant, faster variant): the first's wall time over the second's."""
    names = list(variants)
    ratios = list(ratios) or [(f"{n} speed-up", names[0], n) for n in names[1:]]
    tests = sorted({t for results in variants.values() for t in results})
    head = "| test | " + " | ".join(names) + " | " + " | ".join(label for label, _, _ in ratios) + " |"
    rows = [head, "|---|" + "---:|" * (len(names) + len(ratios))]
    data: dict = {"variants": names, "ratios": [dict(label=l, over=a, of=b) for l, a, b in ratios], "tests": {}}
    all_passed = True
    for test in tests:
        cells, entry = [], {}
        for n in names:
            r = variants[n].get(test)
            entry[n] = None if r is None else {"passed": r.passed, "seconds": r.seconds, "sim_time_ns": r.sim_time_ns}
            cells.append("missing" if r is None else f"{'pass' if r.passed else 'FAIL'} {r.seconds:.3f} s")
            all_passed &= r is not None and r.passed
        speedups = []
        for label, slow, fast in ratios:
            a, b = variants[slow].get(test), variants[fast].get(test)
            ok = (a and b and a.passed and b.passed and a.seconds > 0 and b.seconds > 0 and a.sim_time_ns >= 0
                  and a.sim_time_ns == b.sim_time_ns)
            speedups.append(f"{a.seconds / b.seconds:.2f}x" if ok else "-")
            entry[label] = round(a.seconds / b.seconds, 3) if ok else None
        data["tests"][test] = entry
        rows.append(f"| {test} | " + " | ".join(cells) + " | " + " | ".join(speedups) + " |")
    note = ("\nA ratio is the wall time of one variant over another's, only where both passed, "
            "simulated the same time (a different simulated time is a different run) and took a measurable "
            "time (cocotb's results have milliseconds).")
    return SideBySide("\n".join(rows) + note, data, all_passed)
