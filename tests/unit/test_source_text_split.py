"""Splitting Verilator's preprocessed text into modules that can be pasted alone."""

import pytest

from rtlprune.hdl.lexer import blank_comments
from rtlprune.hdl.source_text import (
    SourceText,
    instantiated,
    read_source_text,
    split_modules,
    with_top_parameters,
)


def test_comments_neither_end_nor_start_a_module():
    text = ("module a(input x);\n  // endmodule in a comment\n  /* module b;\n endmodule */\nendmodule\n"
            "module c; a u (.x(1'b0)); endmodule : c\n")
    modules, rest = split_modules(text)
    assert list(modules) == ["a", "c"] and rest == ""
    assert "// endmodule in a comment" in modules["a"]      # cut from the text, comments and all
    assert modules["c"].endswith("endmodule : c")


def test_text_outside_modules_is_reported():
    _modules, rest = split_modules("`timescale 1ns/1ps\npackage p; endpackage\nmodule a; endmodule\n")
    assert rest.startswith("package")


def test_blanking_keeps_positions_and_strings():
    text = 'x // c\ny = "// not a comment"; /* a\nb */ z'
    bare = blank_comments(text)
    assert len(bare) == len(text) and bare.count("\n") == text.count("\n")
    assert '"// not a comment"' in bare and "c" not in bare.split("\n")[0]


def test_instances_are_found_but_not_keywords_or_gates():
    body = ("module t(input a, output y);\n  wire w;\n  and g1 (w, a, a);\n  sub u_s (.i(w), .o(y));\n"
            "  sub u_arr [1:0] (.i(w), .o());\n  always @(posedge a) if (a) begin end\nendmodule")
    assert instantiated(body) == {"sub"}


def test_closure_needs_every_instantiated_module_portable():
    st = SourceText(modules={"top": "module top; mid u(); endmodule", "mid": "module mid; leaf l(); endmodule",
                             "leaf": "module leaf; endmodule"})
    assert st.closure("top") == ["leaf", "mid", "top"]
    without_leaf = SourceText(modules={k: v for k, v in st.modules.items() if k != "leaf"})
    assert without_leaf.closure("top") is None and without_leaf.closure("mid") is None


def test_preprocessing_expands_macros_and_skips_what_cannot_be_pasted(tmp_path):
    src = tmp_path / "d.v"
    src.write_text("`define W 8\nmodule plain(output [`W-1:0] y); assign y = 0; endmodule\n"
                   "module param #(parameter N = 2) (output [N-1:0] y); assign y = 0; endmodule\n"
                   "module delay(input a, output reg b); always @(a) b = #1 a; endmodule\n"
                   "`ifdef SYNTHESIS\nmodule synth_only; endmodule\n`endif\n")
    st = read_source_text([str(src)], [], [])
    assert set(st.modules) == {"plain"} and "[8-1:0]" in st.modules["plain"]
    assert "module param" in st.full and "synth_only" not in st.full


def test_a_package_keeps_the_whole_text_but_no_module_alone(tmp_path):
    src = tmp_path / "p.sv"
    src.write_text("package p; localparam int W = 4; endpackage\nmodule m import p::*; (output [W-1:0] y); "
                   "assign y = 0; endmodule\n")
    st = read_source_text([str(src)], [], [])
    assert st.modules == {} and st.reason.startswith("the sources hold more than modules")
    assert "package p" in st.full


def test_each_module_keeps_its_place_in_the_user_s_file(tmp_path):
    src = tmp_path / "two.v"
    src.write_text("// header\n`define ONE 1\n\nmodule a; endmodule\n\n\nmodule b;\n  wire w = `ONE;\nendmodule\n")
    st = read_source_text([str(src)], [], [])
    assert st.modules["a"].splitlines()[0] == f'`line 4 "{src}" 0'
    assert st.modules["b"].splitlines()[0] == f'`line 7 "{src}" 0'
    assert st.full.startswith(f'`line 1 "{src}" 1')   # the whole text, as Verilator reads the original


def test_g_values_become_the_top_s_defaults():
    text = ("module top #(parameter int W = 4, parameter [7:0] D = f(1, 2)) (input a);\n"
            "  parameter N = 3; localparam L = W;\n  sub #(.W(2)) u();\nendmodule\n"
            "module sub #(parameter W = 9) ();\nendmodule\n")
    out, why = with_top_parameters(text, "top", ["W=16", "D=8'h5", "N=7"])
    assert why == ""
    assert "parameter int W = 16," in out and "parameter [7:0] D = 8'h5)" in out and "parameter N = 7;" in out
    assert "sub #(.W(2))" in out and "module sub #(parameter W = 9)" in out  # only the top's own


@pytest.mark.parametrize("g, why", [
    ("L=1", "-G L: no plain parameter declaration of it in top's text"),
    ("X=1", "-G X: no plain parameter declaration of it in top's text"),
])
def test_a_g_value_without_a_plain_declaration_keeps_no_text(g, why):
    text = "module top; localparam L = 2; // parameter X = 1\nendmodule\nmodule other #(parameter X = 1) ();\nendmodule\n"
    assert with_top_parameters(text, "top", [g]) == ("", why)
