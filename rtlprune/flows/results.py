"""cocotb's results files (JUnit XML, one per variant) read back, and the tests of every
variant side by side: pass or fail, wall seconds, and speed against the first variant."""

from __future__ import annotations

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
        out[name] = TestResult(name, not failed and not skipped, float(case.get("time", 0.0)),
                               float(case.get("sim_time_ns", 0.0)))
    return out


@dataclass(frozen=True)
class SideBySide:
    markdown: str
    data: dict
    all_passed: bool


def side_by_side(variants: dict[str, dict[str, TestResult]]) -> SideBySide:
    """One row per test, one column per variant (in the order given); speed-ups against the first."""
    names = list(variants)
    base = names[0]
    tests = sorted({t for results in variants.values() for t in results})
    head = "| test | " + " | ".join(names) + " | " + " | ".join(f"{n} speed-up" for n in names[1:]) + " |"
    rows = [head, "|---|" + "---:|" * (2 * len(names) - 1)]
    data: dict = {"variants": names, "baseline": base, "tests": {}}
    all_passed = True
    for test in tests:
        cells, speedups, entry = [], [], {}
        for n in names:
            r = variants[n].get(test)
            entry[n] = None if r is None else {"passed": r.passed, "seconds": r.seconds, "sim_time_ns": r.sim_time_ns}
            cells.append("missing" if r is None else f"{'pass' if r.passed else 'FAIL'} {r.seconds:.2f} s")
            all_passed &= r is not None and r.passed
        b = variants[base].get(test)
        for n in names[1:]:
            r = variants[n].get(test)
            ok = b and r and b.passed and r.passed and r.seconds > 0 and b.sim_time_ns == r.sim_time_ns
            speedups.append(f"{b.seconds / r.seconds:.2f}x" if ok else "-")
        data["tests"][test] = entry
        rows.append(f"| {test} | " + " | ".join(cells) + " | " + " | ".join(speedups) + " |")
    note = ("\nSpeed-ups are wall time of the first variant over each, only where both passed and "
            "simulated the same time (a different simulated time is a different run).")
    return SideBySide("\n".join(rows) + note, data, all_passed)
