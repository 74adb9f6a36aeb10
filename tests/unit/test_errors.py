"""What is not the user's fault is said so: a ToolError is one line, "internal error", exit 3;
a UserError stays exit 2."""

import sys

from rtlprune.cli import main
from rtlprune.errors import ToolError, UserError, run_command


def test_tool_and_user_errors_exit_differently(capsys):
    def fail(exc):
        def body():
            raise exc
        return body
    assert run_command("prog", fail(UserError("bad.v:3: syntax error"))) == 2
    assert capsys.readouterr().err == "prog: error: bad.v:3: syntax error\n"
    assert run_command("prog", fail(ToolError("the Yosys worker failed: Segmentation fault"))) == 3
    assert capsys.readouterr().err == "prog: internal error: the Yosys worker failed: Segmentation fault\n"


def test_a_worker_that_dies_is_an_internal_error_and_writes_nothing(tmp_path, monkeypatch, capsys):
    # A "Python" that dies of SIGSEGV, as Yosys does when it overflows its stack.
    crash = tmp_path / "python"
    crash.write_text("#!/bin/sh\necho 'Segmentation fault' >&2\nkill -SEGV $$\n")
    crash.chmod(0o755)
    src = tmp_path / "d.v"
    src.write_text("module d(input a, output y); assign y = a; endmodule\n")
    monkeypatch.setattr(sys, "executable", str(crash))
    assert main([str(src), "-q", "-o", str(tmp_path / "out.v")]) == 3
    err = capsys.readouterr().err
    assert err.startswith("rtlprune: internal error: the Yosys worker failed: ") and err.count("\n") == 1, err
    assert not (tmp_path / "out.v").exists() and sorted(p.name for p in tmp_path.iterdir()) == ["d.v", "python"]
