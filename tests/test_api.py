"""The Python API (rtlprune/api.py): the same work as the command, as calls, with one exception
type whose message is the command's error line."""

import os

import pytest
from conftest import DESIGNS, run_cli

import rtlprune
from rtlprune.report import SCHEMA_VERSION

MAC = DESIGNS / "mac_fsm.v"


def test_prune_returns_paths_and_the_report(tmp_path):
    out = tmp_path / "mac.pruned.v"
    result = rtlprune.prune([MAC], drop=["result_data"], output=out, top_form="netlist")
    assert result.verilog == out and out.is_file()
    assert result.report_path == tmp_path / "mac.pruned.report.json" and result.report_path.is_file()
    assert result.spec_path is None  # a spec was given: nothing inferred
    report = result.report
    assert report.top == "mac_fsm" and report.dropped_outputs == ["result_data"]
    assert "done" in report.kept_outputs and report.inferred == {}
    assert report.before["cells_by_type"]["$mul"] == 1 and "$mul" not in report.after["cells_by_type"]
    assert report.data["schema_version"] == SCHEMA_VERSION


def test_prune_infers_a_spec_and_writes_it(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the default output goes to the current directory
    result = rtlprune.prune([str(MAC)])
    assert result.verilog == tmp_path / "mac_fsm.pruned.v"
    assert result.report.inferred == {"result_data": "data payload of handshake 'result_valid'"}
    assert 'drop = [\n    "result_data",\n]' in result.spec_path.read_text()


@pytest.mark.parametrize("kwargs, cli", [
    (dict(sources=["missing.v"]), ["missing.v"]),
    (dict(sources=[MAC], drop=["nothing_*"]), [MAC, "--drop", "nothing_*"]),
    (dict(sources=[MAC], parameters=["W 3"]), [MAC, "-G", "W 3"]),
])
def test_errors_are_the_commands_line(tmp_path, monkeypatch, kwargs, cli):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(rtlprune.UserError) as caught:
        rtlprune.prune(kwargs.pop("sources"), **kwargs)
    proc = run_cli(cli, tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.strip() == f"rtlprune: error: {caught.value}"
    assert os.listdir(tmp_path) == []  # nothing half-written


@pytest.mark.slow  # a formal proof
def test_check_equivalence_proves_and_names_a_difference(tmp_path):
    result = rtlprune.prune([MAC], drop=["result_data"], output=tmp_path / "p.v", top_form="netlist")
    proof = rtlprune.check_equivalence(result, reset="rst", cycles=12)
    assert proof["cycles"] == 12
    text = result.verilog.read_text()
    assert "    busy <= _04_;" in text, "the pruned text changed shape: plant the bug elsewhere"
    result.verilog.write_text(text.replace("    busy <= _04_;", "    busy <= ~_04_;"))
    with pytest.raises(rtlprune.UserError, match=r"^not equivalent \(the proof did fail\): busy differs in cycle \d+ "
                       r"\(original 1'b[01], pruned 1'b[01]\)$"):
        rtlprune.check_equivalence(result, reset="rst", cycles=12)
