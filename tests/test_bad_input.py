"""Bad input: one line on stderr naming the problem, exit 2, no traceback, nothing written."""

import os

import pytest
from conftest import DESIGNS, run_cli

MAC = DESIGNS / "mac_fsm.v"

SYNTAX = "module top(input a, output b);\n  assign b = a &;\nendmodule\n"
TWO_TOPS = "module a(input x, output y); assign y = x; endmodule\nmodule b(input x, output y); assign y = ~x; endmodule\n"
MISSING_MOD = "module top(input x, output y);\n  nowhere u_n(.i(x), .o(y));\nendmodule\n"
INOUT = "module top(inout x, output y);\n  assign y = x;\nendmodule\n"
FINISH = "module top(input clk, input x, output reg y);\n  always @(posedge clk) begin y <= x; if (x) $finish(x); end\nendmodule\n"
BLACKBOX_TOP = "(* blackbox *) module bb(input a, output y); endmodule\nmodule t(input a, output y); assign y = a; endmodule\n"
RECURSIVE = "module r(input a, output y);\n  r u(.a(a), .y(y));\nendmodule\n"
NO_ENDMODULE = "module t(input a, output y);\n  assign y = a;\n\n"
MISSING_INCLUDE = 'module t(input a, output y);\n`include "nothere.vh"\n  assign y = a;\nendmodule\n'
FIFO = object()  # made with mkfifo


def _files(tmp_path):
    return sorted(p.name for p in tmp_path.iterdir())


CASES = [
    # (name, files to create, args, expected message fragment)
    ("missing file", {}, ["nope.v"], "nope.v: no such file"),
    ("directory as source", {"dir.v/": ""}, ["dir.v"], "dir.v: is a directory"),
    ("syntax error", {"bad.v": SYNTAX}, ["bad.v"], "bad.v:2: expected expression"),
    ("syntax error, yosys front end", {"bad.v": SYNTAX}, ["bad.v", "--frontend", "yosys"], "bad.v:2: syntax error"),
    ("unknown top", {"m.v": TWO_TOPS}, ["m.v", "--top", "zz"], "'zz' is not a valid top-level module"),
    ("unknown top, yosys front end", {"m.v": TWO_TOPS}, ["m.v", "--top", "zz", "--frontend", "yosys"],
     "unknown top module 'zz' (modules: a, b)"),
    ("ambiguous top", {"m.v": TWO_TOPS}, ["m.v"], "ambiguous top: a, b"),
    ("undefined module", {"m.v": MISSING_MOD}, ["m.v"], "m.v:2: unknown module 'nowhere'"),
    ("undefined module, yosys front end", {"m.v": MISSING_MOD}, ["m.v", "--frontend", "yosys"],
     "m.v:2: module 'nowhere' (instance 'u_n') is not defined"),
    ("inout port", {"m.v": INOUT}, ["m.v"], "inout port 'x' is not supported"),
    ("$finish with a signal for its code", {"m.v": FINISH}, ["m.v"],
     "m.v:2: $finish: the first argument of $finish must be a number, not 'x'"),
    ("drop matches nothing", {}, [MAC, "--drop", "zzz*"], "--drop 'zzz*' matches no output port of 'mac_fsm'"),
    ("keep matches nothing", {}, [MAC, "--keep", "core.nothing"], "--keep 'core.nothing' matches no signal of 'mac_fsm'"),
    ("spec keeps nothing", {}, [MAC, "--drop", "*"], "the spec observes nothing in 'mac_fsm'"),
    ("bad TOML", {"c.toml": "keep = [\n"}, [MAC, "--config", "c.toml"], "c.toml: invalid TOML"),
    ("unknown config key", {"c.toml": 'kep = ["x"]\n'}, [MAC, "--config", "c.toml"], "c.toml: unknown key 'kep'"),
    ("config value type", {"c.toml": 'drop = "x"\n'}, [MAC, "--config", "c.toml"], "c.toml: key 'drop' must be a list of strings"),
    ("bad define", {}, [MAC, "--define", "1X=2"], "--define '1X=2': expected NAME or NAME=VALUE"),
    ("explain unknown", {}, [MAC, "--explain", "nothing_here"], "--explain 'nothing_here': no signal or cell"),
    ("output is a directory", {"out/": ""}, [MAC, "-o", "out"], "out: is a directory; give a file name for the output"),
    ("report is a directory", {"rep/": ""}, [MAC, "--report", "rep"], "rep: is a directory; give a file name for the report"),
    ("binary config", {"c.toml": b"\x00\xfe\xff\x81 keep"}, [MAC, "--config", "c.toml"],
     "c.toml:1: not a text (UTF-8) config file"),
    ("blackbox top", {"m.v": BLACKBOX_TOP}, ["m.v", "--top", "bb"], "m.v:1: top module 'bb' is a blackbox"),
    ("recursive instantiation", {"m.v": RECURSIVE}, ["m.v", "--top", "r"],
     "m.v:2: module instantiation exceeded maximum depth of 128 (recursive instantiation?)"),
    ("recursive instantiation, yosys front end", {"m.v": RECURSIVE}, ["m.v", "--top", "r", "--frontend", "yosys"],
     "m.v:2: recursive instantiation that never ends: r -> r"),
    ("FIFO as a source", {"f.v": FIFO}, ["f.v"], "f.v: not a regular file"),
    ("missing endmodule", {"m.v": NO_ENDMODULE}, ["m.v"], "m.v:2: expected 'endmodule'"),
    ("missing endmodule, yosys front end", {"m.v": NO_ENDMODULE}, ["m.v", "--frontend", "yosys"],
     "m.v:3: syntax error, unexpected end of file"),
    ("missing include", {"m.v": MISSING_INCLUDE}, ["m.v"], "m.v:2: cannot open include file 'nothere.vh'"),
    ("missing include, yosys front end", {"m.v": MISSING_INCLUDE}, ["m.v", "--frontend", "yosys"],
     "m.v:2: cannot open include file 'nothere.vh'"),
    ("output over input", {"in.v": "module t(input a, output b); assign b = a; endmodule\n"},
     ["in.v", "-o", "in.v"], "in.v: refusing to overwrite an input file"),
]


@pytest.mark.parametrize("name,files,args,message", CASES, ids=[c[0] for c in CASES])
def test_bad_input(tmp_path, name, files, args, message):
    for fname, text in files.items():
        if fname.endswith("/"):
            (tmp_path / fname.rstrip("/")).mkdir()
        elif text is FIFO:
            os.mkfifo(tmp_path / fname)
        elif isinstance(text, bytes):
            (tmp_path / fname).write_bytes(text)
        else:
            (tmp_path / fname).write_text(text)
    (tmp_path / "tmp").mkdir()
    before = _files(tmp_path)
    contents = {f: (tmp_path / f).read_bytes() for f in before if (tmp_path / f).is_file()}
    proc = run_cli(args, tmp_path, tmpdir=tmp_path / "tmp")
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("rtlprune: error: ") and message in lines[0], lines[0]
    assert "Traceback" not in proc.stderr + proc.stdout
    assert _files(tmp_path) == before  # nothing written, not even a temporary file
    assert not any((tmp_path / "tmp").iterdir())  # no temporary directory left behind
    assert all((tmp_path / f).read_bytes() == data for f, data in contents.items())


def test_existing_output_survives_a_failed_run(tmp_path):
    (tmp_path / "bad.v").write_text(SYNTAX)
    (tmp_path / "out.v").write_text("previous result\n")
    proc = run_cli(["bad.v", "-o", "out.v"], tmp_path)
    assert proc.returncode == 2
    assert (tmp_path / "out.v").read_text() == "previous result\n"
