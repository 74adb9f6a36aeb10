"""cocotb's results files read back: pass/fail, wall time and simulated time per test, and the
side-by-side table, whose ratios only compare runs that simulated the same time."""

from rtlprune.flows.results import median_results, read_results, side_by_side


def _xml(path, seconds: float, sim_ns: float, failed: bool = False):
    failure = '<failure message="x" />' if failed else ""
    path.write_text(
        "<?xml version='1.0' encoding='utf-8'?><testsuites><testsuite name='t'>"
        f"<testcase classname='test_mac' name='runs' time='{seconds}'><properties>"
        "<property name='sim_time_unit' value='ns' />"
        f"<property name='sim_time_duration' value='{sim_ns}' /></properties>{failure}</testcase>"
        "</testsuite></testsuites>")
    return path


def test_cocotb2_properties_give_the_simulated_time(tmp_path):
    r = read_results(_xml(tmp_path / "a.xml", 2.5, 190.0))["test_mac.runs"]
    assert (r.passed, r.seconds, r.sim_time_ns) == (True, 2.5, 190.0)
    assert not read_results(_xml(tmp_path / "b.xml", 1.0, 190.0, failed=True))["test_mac.runs"].passed


def test_ratios_need_both_passed_and_the_same_simulated_time(tmp_path):
    base = read_results(_xml(tmp_path / "o.xml", 4.0, 190.0))
    same = read_results(_xml(tmp_path / "p.xml", 1.0, 190.0))
    other = read_results(_xml(tmp_path / "q.xml", 1.0, 200.0))   # a different run: no ratio
    table = side_by_side({"original": base, "pruned": same, "other": other},
                         [("pruning", "original", "pruned"), ("other", "original", "other")])
    row = table.markdown.splitlines()[2]
    assert row == "| test_mac.runs | pass 4.000 s | pass 1.000 s | pass 1.000 s | 4.00x | - |"
    assert table.data["tests"]["test_mac.runs"]["pruning"] == 4.0 and table.all_passed
    instant = read_results(_xml(tmp_path / "z.xml", 0.0, 190.0))     # under cocotb's millisecond
    assert side_by_side({"a": instant, "b": same}).data["tests"]["test_mac.runs"]["b speed-up"] is None


def test_medians_of_runs(tmp_path):
    runs = [read_results(_xml(tmp_path / f"{i}.xml", s, 190.0)) for i, s in enumerate((3.0, 1.0, 2.0))]
    r = median_results(runs)["test_mac.runs"]
    assert (r.passed, r.seconds, r.sim_time_ns) == (True, 2.0, 190.0)
    runs.append(read_results(_xml(tmp_path / "x.xml", 2.0, 195.0)))  # runs that disagree: no common time
    assert median_results(runs)["test_mac.runs"].sim_time_ns == -1.0
