"""Testbench design descriptions (sim/corpus/*.toml) and RTLMeter descriptors: what they read
and the one-line errors for what is wrong in them."""

import re
from pathlib import Path

import pytest

from rtlprune.errors import UserError
from rtlprune.read_options import ReadOptions
from rtlprune.simulation.testbench.description import TestbenchDesign

OWN = Path(__file__).parent.parent / "designs" / "own_testbench"


def _toml(tmp_path, body: str) -> Path:
    p = tmp_path / "d.toml"
    p.write_text(body)
    return p


BASE = '''root = "{root}"
sources = ["mac_unit.v"]
testbench = ["tb_named.sv"]
top = "tb_named"
dut_module = "mac_unit"
dut_instance = "tb_named.dut"
clock = "clk"
[workloads.w]
plusargs = ["+rounds=1"]
'''


def test_reads_a_description_with_root_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("OWN_CHECKOUT", str(OWN))
    d = TestbenchDesign.load(_toml(tmp_path, 'defines = {W = 3}\n' + BASE.format(root="$OWN_CHECKOUT")))
    assert d.sources == [OWN / "mac_unit.v"] and d.testbench == [OWN / "tb_named.sv"]
    assert d.workload("w").plusargs == ["+rounds=1"]
    assert d.verilator_flags() == ["+define+W=3"] and d.read_options() == ReadOptions(defines=["W=3"])
    assert d.dut_sources() == [OWN / "mac_unit.v"]


@pytest.mark.parametrize("body, message", [
    (BASE.format(root="$RTLPRUNE_NO_SUCH_VAR"), "root $RTLPRUNE_NO_SUCH_VAR: set RTLPRUNE_NO_SUCH_VAR to the checkout's path"),
    (BASE.format(root=str(OWN)) + "colour = 1\n", "unknown key(s) colour"),
    (BASE.format(root=str(OWN)).replace('dut_module = "mac_unit"', 'dut_module = "mac"'),
     "module 'mac' must be defined in exactly one source (found in none of the sources)"),
    (BASE.format(root=str(OWN)).replace('"tb_named.sv"', '"tb_missing.sv"'), "testbench file"),
    (BASE.format(root=str(OWN)).replace('clock = "clk"\n', ''), "missing key(s) clock"),
    (BASE.format(root=str(OWN)).replace('tb_named.dut', 'tb_named.u_mac'),
     "no instance 'u_mac' of module 'mac_unit' in the testbench or the sources (dut_instance = \"tb_named.u_mac\")"),
])
def test_errors_name_the_file_and_the_problem(tmp_path, body, message):
    with pytest.raises(Exception) as e:
        TestbenchDesign.load(_toml(tmp_path, body))
    assert e.type.__name__ == "UserError"
    assert str(e.value).startswith(str(tmp_path / "d.toml")) and message in str(e.value)
    assert "\n" not in str(e.value)


def test_unknown_workload_lists_the_known_ones(tmp_path):
    d = TestbenchDesign.load(_toml(tmp_path, BASE.format(root=str(OWN))))
    with pytest.raises(UserError, match="unknown workload 'x' for design d; choose one of w"):
        d.workload("x")


def test_rtlmeter_descriptor(tmp_path):
    """A design directory in RTLMeter's layout: sources, defines, include files, the top and its
    tests come from descriptor.yaml (a configuration's lists extend the design's)."""
    meter = tmp_path / "rtlmeter"
    (meter / "rtl").mkdir(parents=True)
    (meter / "rtl" / "__rtlmeter_utils.sv").write_text("module __rtlmeter_utils; endmodule\n")
    (meter / "rtl" / "__rtlmeter_top_include.vh").write_text("__rtlmeter_utils u();\n")
    dd = meter / "designs" / "Mac"
    (dd / "src").mkdir(parents=True)
    (dd / "tests" / "t1").mkdir(parents=True)
    for f in ("mac_unit.v", "tb_named.sv"):
        (dd / "src" / f).write_text((OWN / f).read_text())
    (dd / "src" / "defs.vh").write_text("`define X 1\n")
    (dd / "tests" / "t1" / "image.hex").write_text("00\n")
    (dd / "descriptor.yaml").write_text("""
compile:
  verilogSourceFiles: [src/mac_unit.v, src/tb_named.sv]
  verilogIncludeFiles: [src/defs.vh]
  verilogDefines: {A: 1}
  topModule: tb_named
  mainClock: tb_named.clk
  verilatorArgs: [--autoflush]
execute:
  tests:
    t1:
      files: [tests/t1/image.hex]
      args: [+rounds=1]
configurations:
  small:
    compile:
      verilogDefines: {B: 2}
    execute:
      tests:
        t1:
          args: [+extra]
""")
    toml = _toml(tmp_path, f'''root = "{meter}"
rtlmeter = "designs/Mac"
rtlmeter_config = "small"
testbench = ["designs/Mac/src/tb_named.sv"]
dut_module = "mac_unit"
dut_instance = "tb_named.dut"
clock = "clk"
''')
    d = TestbenchDesign.load(toml)
    assert d.top == "tb_named"
    assert d.sources == [dd / "src" / "mac_unit.v"]
    assert d.testbench == [dd / "src" / "tb_named.sv", meter / "rtl" / "__rtlmeter_utils.sv"]
    assert d.defines == {"A": "1", "B": "2", "__RTLMETER_MAIN_CLOCK": "tb_named.clk"}
    assert set(d.includes) == {dd / "src", meter / "rtl"}
    assert d.verilator_args == ["--autoflush"]
    assert d.workload("t1").plusargs == ["+rounds=1", "+extra"]
    assert d.workload("t1").files == [dd / "tests" / "t1" / "image.hex"]
    bad = _toml(tmp_path, toml.read_text().replace('"small"', '"huge"'))
    with pytest.raises(UserError, match="rtlmeter configuration 'huge' not in .*descriptor.yaml \\(choose one of small\\)"):
        TestbenchDesign.load(bad)


def test_a_monitor_without_final_is_read_from_its_end_record(tmp_path):
    from rtlprune.simulation.testbench.equivalence import records
    trace = tmp_path / "rtlprune_trace.txt"
    trace.write_text("0 0000000000000000\n1024 1234abcd1234abcd\n")
    (tmp_path / "rtlprune_trace.txt.end").write_text("cycles 00000000000000001500 00000000deadbeef\n")
    assert records(trace)[-1] == "cycles 1500 00000000deadbeef"
    trace.write_text(trace.read_text() + "cycles 1500 00000000deadbeef\n")   # final ran: its line is used
    assert records(trace)[-2:] == ["1024 1234abcd1234abcd", "cycles 1500 00000000deadbeef"]


def test_a_long_transcript_line_is_shown_where_the_runs_part():
    from rtlprune.simulation.testbench.equivalence import _clip
    line = "Got: " + "0" * 300
    other = line[:205] + "1" + line[206:]
    shown = _clip([line], 0, 205)
    assert len(shown) < 140 and "(column 206 of 305)" in shown and shown.startswith("...'")
    assert _clip([other], 0, 205).count("1") == 1 + "column 206 of 305".count("1")
    assert _clip(["short"], 0, 2) == "'short'" and _clip([], 0, 0) == "<end>"


def test_main_and_local_files_are_found(tmp_path, monkeypatch):
    from rtlprune.simulation.testbench.description import TestbenchDesign
    checkout = tmp_path / "checkout"
    checkout.mkdir()
    (checkout / "dut.v").write_text("module dut(input clk, output q); assign q = clk; endmodule\n")
    (checkout / "tb.v").write_text("module tb; reg clk; wire q; dut u(.clk(clk), .q(q)); endmodule\n")
    (checkout / "main.cc").write_text("int main() { return 0; }\n")
    desc = tmp_path / "desc"
    desc.mkdir()
    (desc / "input.hex").write_text("00\n")
    (desc / "d.toml").write_text('root = "$CHECKOUT"\nsources = ["dut.v"]\ntestbench = ["tb.v"]\ntop = "tb"\n'
                                 'dut_module = "dut"\ndut_instance = "tb.u"\nclock = "clk"\nmain = "$CHECKOUT/main.cc"\n'
                                 '[workloads.w]\nlocal_files = ["input.hex"]\n')
    monkeypatch.setenv("CHECKOUT", str(checkout))
    d = TestbenchDesign.load(desc / "d.toml")
    assert d.main == checkout / "main.cc" and d.workload("w").files == [desc / "input.hex"]
    monkeypatch.delenv("CHECKOUT")
    with pytest.raises(UserError, match=r"root \$CHECKOUT: set CHECKOUT to the checkout's path"):
        TestbenchDesign.load(desc / "d.toml")


@pytest.mark.parametrize("text, value", [("32'sh10", 16), ("1'h0", 0), ("32'shfffffffe", -2), ("8'hff", 255),
                                         ("4'sb1000", -8), ("32'd7", 7), ('"abc"', None), ("4'bx01z", None)])
def test_verilator_constants_read_as_integers(text, value):
    from rtlprune.simulation.testbench.instance_params import constant_value
    assert constant_value(text) == value


def test_a_workload_command_makes_its_inputs_once(tmp_path, monkeypatch):
    from rtlprune.simulation.testbench.workload_inputs import with_generated_inputs
    monkeypatch.setenv("OWN_CHECKOUT", str(OWN))
    body = BASE.format(root=str(OWN)) + ('command = ["python3", "-c", "import pathlib, time; '
                                         'pathlib.Path(\'in.hex\').write_text(str(time.time_ns()))"]\n')
    d = TestbenchDesign.load(_toml(tmp_path, body))
    w = with_generated_inputs(d.workload("w"), tmp_path / "inputs", log=lambda m: None)
    assert [f.name for f in w.files] == ["in.hex"] and w.plusargs == ["+rounds=1"]
    first = (tmp_path / "inputs" / "in.hex").read_text()
    with_generated_inputs(d.workload("w"), tmp_path / "inputs", log=lambda m: None)
    assert (tmp_path / "inputs" / "in.hex").read_text() == first    # same command: not run again


@pytest.mark.parametrize("command, message", [
    ('["python3", "-c", "import sys; sys.exit(\'no numpy here\')"]', "command exited with status 1: no numpy here"),
    ('["rtlprune-no-such-generator"]', "command 'rtlprune-no-such-generator' not found"),
    ('["python3", "-c", "pass"]', "command wrote no file"),
])
def test_a_failing_workload_command_is_one_line(tmp_path, command, message):
    from rtlprune.simulation.testbench.workload_inputs import with_generated_inputs
    d = TestbenchDesign.load(_toml(tmp_path, BASE.format(root=str(OWN)) + f"command = {command}\n"))
    with pytest.raises(UserError, match=re.escape(message)) as e:
        with_generated_inputs(d.workload("w"), tmp_path / "inputs", log=lambda m: None)
    assert "\n" not in str(e.value)


def test_a_workload_command_must_be_a_list(tmp_path):
    with pytest.raises(UserError, match="command must be a list of strings"):
        TestbenchDesign.load(_toml(tmp_path, BASE.format(root=str(OWN)) + 'command = "make vectors"\n'))
