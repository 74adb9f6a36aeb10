"""The command line: help, spec sources (flags, config file, attributes, inference),
--explain, determinism, and the passes run from a user's own Yosys script."""

import re
import subprocess
import sys
import textwrap

import pytest
from conftest import DESIGNS, run_cli

MAC = DESIGNS / "mac_fsm.v"
SYSTOLIC = DESIGNS.parent.parent / "designs" / "systolic" / "systolic.v"


def test_help_documents_every_option_with_an_example(tmp_path):
    proc = run_cli(["--help"], tmp_path)
    assert proc.returncode == 0
    text = " ".join(proc.stdout.split())
    for option in ("--top", "--keep", "--drop", "--config", "--output", "--report", "--explain",
                   "--define", "-I", "--log"):
        m = re.search(re.escape(option) + r"\b[^-]*?.*?Example: ", text)
        assert m, f"{option} has no example in --help"
    for flag in ("--sv", "--drop-prints", "--drop-assertions", "--quiet"):
        assert flag in text


def test_console_script_is_installed(tmp_path):
    proc = subprocess.run(["rtlprune", "--version"], capture_output=True, text=True)
    assert proc.returncode == 0 and proc.stdout.startswith("rtlprune ")


def test_inferred_spec_is_written_and_reproduces_the_run(tmp_path):
    first = run_cli([MAC, "-o", "a.v"], tmp_path)
    assert first.returncode == 0, first.stderr
    assert "drop result_data: data payload of handshake 'result_valid'" in first.stdout
    spec = (tmp_path / "a.spec.toml").read_text()
    assert 'drop = [\n    "result_data",\n]' in spec and 'top = "mac_fsm"' in spec
    second = run_cli([MAC, "-o", "b.v", "--config", "a.spec.toml"], tmp_path)
    assert second.returncode == 0, second.stderr
    assert not (tmp_path / "b.spec.toml").exists()  # nothing inferred with a config
    assert (tmp_path / "a.v").read_bytes() == (tmp_path / "b.v").read_bytes()


def test_drop_none_disables_inference(tmp_path):
    proc = run_cli([MAC, "-o", "p.v", "--drop", "none"], tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "dropped outputs, tied to 0 (0)" in proc.stdout
    assert " * " in (tmp_path / "p.v").read_text()  # the multiplier feeds result_data


def test_config_file_and_flags_combine(tmp_path):
    (tmp_path / "spec.toml").write_text('drop = ["scrambled_data"]\ndrop_prints = true\n')
    proc = run_cli([DESIGNS / "hier_effects.sv", "-o", "p.v", "--config", "spec.toml", "--keep", "u_scr.s"], tmp_path)
    assert proc.returncode == 0, proc.stderr
    report = (tmp_path / "p.report.json").read_text()
    assert '"dropped_outputs": [\n      "scrambled_data"' in report
    assert '"kept_signals": [\n      "u_scr.s"' in report
    assert "$write" not in (tmp_path / "p.v").read_text()


def test_attributes_in_rtl_give_the_spec(tmp_path):
    (tmp_path / "attr.v").write_text(textwrap.dedent("""\
        module attr(input clk, input [7:0] x, output [7:0] ctl, (* rtlprune_drop *) output [7:0] payload);
          (* rtlprune_keep *) reg [7:0] hidden;
          reg [7:0] c, p;
          always @(posedge clk) begin c <= c + 1; p <= p * x; hidden <= hidden ^ x; end
          assign ctl = c;
          assign payload = p;
        endmodule
        """))
    proc = run_cli(["attr.v", "-o", "p.v"], tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "dropped outputs, tied to 0 (1): payload" in proc.stdout
    assert "kept internal signals (1): hidden" in proc.stdout
    text = (tmp_path / "p.v").read_text()
    assert " * " not in text and re.search(r"\bhidden\b", text)


def test_explain_kept_and_removed(tmp_path):
    proc = run_cli([MAC, "-o", "p.v", "-q", "--explain", "count", "--explain", "acc"], tmp_path)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "count: kept; a path to an observed signal:" in out
    assert re.search(r"(done|busy|result_valid): observed", out)
    assert "acc: removed" in out


def test_explain_names_the_kept_bits_of_a_mixed_register(tmp_path):
    proc = run_cli([DESIGNS / "mixed_bits.v", "-o", "p.v", "-q", "--drop", "word_data", "--drop", "mem_data",
                    "--explain", "word"], tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "word: kept (bits 0 of 32; the others are removed)" in proc.stdout
    assert "toggle: observed" in proc.stdout


def test_output_is_deterministic(tmp_path):
    for name in ("a", "b"):
        proc = run_cli([SYSTOLIC, "--define", "ROWS=3", "--define", "COLS=3", "-o", f"{name}.v", "-q"], tmp_path)
        assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "a.v").read_bytes() == (tmp_path / "b.v").read_bytes()
    for name in ("c", "d"):
        proc = run_cli([DESIGNS / "hier_effects.sv", "--drop", "scrambled_data", "-o", f"{name}.v", "-q"], tmp_path)
        assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "c.v").read_bytes() == (tmp_path / "d.v").read_bytes()


def test_passes_run_from_a_users_own_yosys_script(tmp_path):
    script = textwrap.dedent(f"""\
        from pyosys import libyosys as ys
        import yosys_passes.passes
        d = ys.Design()
        for cmd in ["help rtlprune_observe", "help rtlprune_cone",
                    "read_verilog -nosynthesis {MAC}", "hierarchy -top mac_fsm", "proc", "flatten",
                    "rtlprune_observe -drop result_data", "opt_clean", "rtlprune_cone -json cut.json",
                    "opt_clean", "tee -o stat.txt stat"]:
            ys.run_pass(cmd, d)
        """)
    proc = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "-drop <port>" in proc.stdout and "-json <file>" in proc.stdout  # the help texts
    stat = (tmp_path / "stat.txt").read_text()
    assert "$mul" not in stat and "$dff" in stat
    assert '"removed_ff_bits"' in (tmp_path / "cut.json").read_text()


@pytest.mark.parametrize("frontend", ["slang", "yosys"])
def test_top_parameter_from_the_command_line(tmp_path, frontend):
    src = tmp_path / "p.v"
    src.write_text("module p #(parameter W = 4) (input clk, input [W-1:0] d, output reg [W-1:0] q);\n"
                   "  always @(posedge clk) q <= d;\nendmodule\n")
    proc = run_cli([src, "-G", "W=12", "--frontend", frontend, "--drop", "none", "-o", "out.v", "-q"], tmp_path)
    assert proc.returncode == 0, proc.stderr
    # the module is left whole: its own text, with -G's value as the default
    text = (tmp_path / "out.v").read_text()
    assert "module p #(parameter W = 12)" in text and "parameter W = 4" not in text
    proc = run_cli([src, "-G", "W=12", "--frontend", frontend, "--drop", "none", "--no-source-text",
                    "-o", "net.v", "-q"], tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "input [11:0] d;" in (tmp_path / "net.v").read_text()


@pytest.mark.parametrize("frontend", ["slang", "yosys"])
def test_a_32_bit_parameter_with_its_top_bit_set_passes_by_g(tmp_path, frontend):
    """picorv32's testbench gives LATCHED_IRQ = 32'hffff_ffff: as an unsized 4294967295 slang
    refuses the -G, so the testbench flow writes it sized (rtlprune.hdl.modules.integer_literal)."""
    from rtlprune.hdl.modules import integer_literal
    src = tmp_path / "m.v"
    src.write_text("module m #(parameter [31:0] MASK = 32'h0) (input clk, input [31:0] d, output reg [31:0] q);\n"
                   "  always @(posedge clk) q <= d & MASK;\nendmodule\n")
    value = integer_literal(0xffff_ffff)
    proc = run_cli([src, "-G", f"MASK={value}", "--frontend", frontend, "--drop", "none", "--no-source-text",
                    "-o", "net.v", "-q"], tmp_path)
    assert proc.returncode == 0, proc.stderr
    # every bit of the mask is 1: nothing of d is masked off, the register takes d as it is
    assert "q <= d;" in (tmp_path / "net.v").read_text()
