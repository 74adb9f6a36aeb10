"""$finish, $stop, $fatal and $error in always blocks: Yosys refuses them, rtlprune carries them
through as side effects, proves the pruned design equivalent, and Verilator runs both the same."""

import re
import subprocess

import pytest
from conftest import DESIGNS, assert_equivalent, assert_verilator_builds, run_cli

from rtlprune import verilator
from rtlprune.hdl.system_tasks import from_prints, to_prints
from rtlprune.machine import cores

TASKS = DESIGNS / "sim_tasks.v"
MAIN = DESIGNS / "sim_tasks_main.cpp"


def test_rewrite_round_trips_and_keeps_line_numbers():
    src = ('module m; // $finish; in a comment\n  wire a$finish;\n  always @(posedge c) begin\n'
           '    if (x) $finish;\n    if (y) $stop(1) ;\n    if (z) $fatal(1, "bad %d, %s", v, "s(,)");\n'
           '    if (w) $error("e\\"q");\n    $info ( "multi",\n            v );\n    $display("$finish");\n'
           '  end\nendmodule\n')
    tagged, count = to_prints(src, "m.v")
    assert count == 5
    assert tagged.count("\n") == src.count("\n")
    assert "// $finish; in a comment" in tagged and "a$finish" in tagged and '$display("$finish")' in tagged
    assert "$write(\"@rtlprune:fatal(1)@bad %d, %s\", v, \"s(,)\");" in tagged
    restored = from_prints(tagged)
    for stmt in ("$finish;", "$stop(1);", '$fatal(1, "bad %d, %s", v, "s(,)");', '$error("e\\"q");',
                 '$info("multi", v);'):
        assert stmt in restored, stmt
    assert "@rtlprune:" not in restored


@pytest.mark.slow
def test_tasks_are_kept_and_proven_equivalent(prune, tmp_path):
    p = prune([TASKS])  # out_data inferred as the payload of out_valid
    assert p.report["spec"]["dropped_outputs"] == ["out_data"]
    assert p.report["side_effects_observed"] == {"prints": 1, "assertions": 1, "finishes": 1, "blackboxes": 0}
    assert re.search(r"\$finish;", p.verilog)
    assert re.search(r'\$fatal\(1, "acc overflow: ', p.verilog)
    assert "@rtlprune:" not in p.verilog
    # The $fatal reads the accumulator: it stays although out_data is dropped.
    assert p.report["after"]["ff_bits"] == p.report["before"]["ff_bits"] == 24
    assert_equivalent(p, [TASKS])
    assert_verilator_builds(p, tmp_path)


def test_finish_survives_dropping_prints_and_assertions(prune, tmp_path):
    p = prune([TASKS], "--drop-prints", "--drop-assertions")
    assert p.report["side_effects_observed"] == {"prints": 0, "assertions": 0, "finishes": 1, "blackboxes": 0}
    assert re.search(r"\$finish;", p.verilog)
    assert "$fatal" not in p.verilog and "$write" not in p.verilog and "$display" not in p.verilog
    assert p.report["after"]["ff_bits"] == 8  # count only: the accumulator is gone
    assert_equivalent(p, [TASKS])


def _run_model(source, tmp_path, name):
    obj = tmp_path / name
    build = verilator.run(["--cc", "--exe", "--build", "-j", str(cores()), *verilator.LINT_WAIVERS, *verilator.TIMING_FLAGS,
                           "--top-module", "sim_tasks", "--Mdir", str(obj), "-o", "sim", str(source), str(MAIN)])
    assert build.returncode == 0, build.stderr[-3000:]
    return subprocess.run([str(obj / "sim")], capture_output=True, text=True, timeout=60)


@pytest.mark.slow
def test_verilator_runs_original_and_pruned_alike(prune, tmp_path):
    """Both end at the same cycle through $finish, with the same $display lines."""
    p = prune([TASKS], "--drop-assertions")
    original = _run_model(TASKS, tmp_path, "orig")
    pruned = _run_model(p.output, tmp_path, "pruned")
    assert "finished=1 cycle=13" in original.stdout, original.stdout
    assert original.stdout.splitlines()[-1] == pruned.stdout.splitlines()[-1]
    displays = [ln for ln in original.stdout.splitlines() if ln.startswith("count")]
    assert len(displays) == 3
    assert [ln for ln in pruned.stdout.splitlines() if ln.startswith("count")] == displays


@pytest.mark.parametrize("stmt, message", [
    ("$finish(code);", "$finish: the first argument of $finish must be a number, not 'code'"),
    ("$fatal(1, msg);", "$fatal: the message of $fatal must start with a string literal"),
    ("$stop", "$stop: expected ';' after the call"),
])
def test_unsupported_task_forms_are_one_line_errors(tmp_path, stmt, message):
    src = tmp_path / "bad.v"
    src.write_text("module bad(input clk, output reg q);\n  always @(posedge clk) begin\n"
                   f"    q <= 1;\n    {stmt}\n  end\nendmodule\n")
    proc = run_cli([src, "-o", "out.v"], tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.strip() == f"rtlprune: error: {src}:4: {message}"
    assert not (tmp_path / "out.v").exists()
