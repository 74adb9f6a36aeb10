"""The lexical Verilog tools: the harness utilities (rtlprune/hdl/modules.py, ports.py) and the
$finish & co. rewriting (rtlprune/hdl/system_tasks.py)."""

import pytest

from rtlprune.errors import UserError
from rtlprune.hdl.modules import (
    blank_definition_at,
    declare_parameters,
    disconnect_instance_ports,
    first_definition,
    integer_literal,
    module_at,
    module_names,
    rename_modules,
)
from rtlprune.hdl.ports import module_ports
from rtlprune.hdl.system_tasks import from_prints, to_prints

SRC = r'''
// module fake(input x);  a comment is not a module
module top #(parameter W = 8, parameter D = W - 5)
  (input clk, input [W-1:0] a, output reg [D:0] cnt, output \odd.name , inout [1:0] pads);
  wire s = "module inner (";   /* string, not a module */
  sub u_sub (.x(a[0]), .y(cnt[0]), .z());
endmodule
module sub(x, y, z);
  input x; output y; output [3:0] z;
endmodule
'''


def test_module_names_skip_comments_and_strings():
    assert module_names(SRC) == ["top", "sub"]


def test_rename_touches_identifiers_only():
    out = rename_modules(SRC, {"sub", "top"}, "__a")
    assert "module top__a" in out and "sub__a u_sub" in out and "module sub__a(x, y, z)" in out
    assert "// module fake" in out and '"module inner ("' in out


def test_ports_in_order_with_parameter_widths():
    ports = module_ports(SRC, "top")
    assert [(p.name, p.direction, p.width) for p in ports] == [
        ("clk", "input", 1), ("a", "input", 8), ("cnt", "output", 4), ("\\odd.name", "output", 1),
        ("pads", "inout", 2)]
    assert [(p.name, p.width) for p in module_ports(SRC, "sub")] == [("x", 1), ("y", 1), ("z", 4)]


def test_disconnect_leaves_named_ports_open():
    out = disconnect_instance_ports(SRC, "sub", "u_sub", {"y"})
    assert ".x(a[0]), .y(), .z()" in out
    with pytest.raises(UserError, match="no connection for w"):
        disconnect_instance_ports(SRC, "sub", "u_sub", {"w"})
    with pytest.raises(UserError, match="no instance 'u_other'"):
        disconnect_instance_ports(SRC, "sub", "u_other", {"y"})


def test_system_tasks_round_trip_and_keep_line_numbers():
    text = 'always @(posedge clk) begin\n  if (bad) $fatal(1, "x=%d",\n    x);\n  if (done) $finish;\nend\n'
    rewritten, count = to_prints(text, "t.v")
    assert count == 2 and rewritten.count("\n") == text.count("\n")
    assert '$write("@rtlprune:fatal(1)@x=%d", x);' in rewritten
    # write_verilog's form of the same statements goes back to the tasks
    written = '$write("@rtlprune:fatal(1)@x=%d", x);\n$write("@rtlprune:finish@");\n'
    assert from_prints(written) == '$fatal(1, "x=%d", x);\n$finish;\n'


def test_system_task_in_a_string_or_comment_is_left_alone():
    text = '// $finish;\ninitial $display("$finish;");\n'
    assert to_prints(text, "t.v") == (text, 0)


def test_unsupported_task_form_names_file_and_line():
    with pytest.raises(UserError, match=r"^t.v:2: \$finish: the first argument of \$finish must be a number"):
        to_prints("\n$finish(code);\n", "t.v")


def test_declared_parameters_go_into_the_header_once():
    netlist = ("// verilator lint_off WIDTH\n/* module param_acc(x) in a comment */\n"
               "module param_acc(clk, x);\n  input clk;\n  input [7:0] x;\nendmodule\n")
    out = declare_parameters(netlist, "param_acc", {"W": 8, "OFFSET": -3})
    assert "module param_acc #(parameter W = 8, parameter OFFSET = -3)(clk, x);" in out
    assert out.startswith("// verilator lint_off WIDTH\n/* module param_acc(x) in a comment */\n")
    # a module that declares some already (the source's own text) keeps those, gets the rest
    own = "module param_acc #(parameter W = 4) (input clk);\nendmodule\n"
    assert (declare_parameters(own, "param_acc", {"W": 8, "N": 2})
            == "module param_acc #(parameter N = 2, parameter W = 4) (input clk);\nendmodule\n")
    assert declare_parameters(own, "param_acc", {"W": 8}) == own
    # and the ports are still read the same
    assert [p.name for p in module_ports(out, "param_acc")] == ["clk", "x"]


def test_integer_literals_read_back_as_the_same_value():
    assert [integer_literal(v) for v in (12, -3, 2**31 - 1, 2**31, 2**32 - 1, 2**40, -(2**31), -(2**31) - 1)] == [
        "12", "-3", "2147483647", "32'd2147483648", "32'd4294967295", "41'd1099511627776", "-2147483648",
        "-33'sd2147483649"]
    netlist = "module m(x);\n  input x;\nendmodule\n"
    assert "#(parameter MASK = 32'd4294967295)" in declare_parameters(netlist, "m", {"MASK": 2**32 - 1})


def test_comments_are_blanked_in_place_but_not_inside_names_or_strings():
    from rtlprune.hdl.lexer import blank_comments
    text = 'wire \\a//b ; // gone\n$display("x // y"); /* two\nlines */ assign q = 1;\n'
    out = blank_comments(text)
    assert len(out) == len(text) and out.count("\n") == text.count("\n")
    assert "\\a//b ;" in out and '"x // y"' in out and "assign q = 1;" in out
    assert "gone" not in out and "two" not in out and "lines" not in out


def test_disconnect_keeps_the_comments_of_the_rest():
    src = "// the harness\nmodule h(input a, output y);\n  // the dut\n  sub u(.x(a), .y(y)); // end\nendmodule\n"
    out = disconnect_instance_ports(src, "sub", "u", {"y"})
    assert out == "// the harness\nmodule h(input a, output y);\n  // the dut\n  sub u(.x(a), .y()); // end\nendmodule\n"


def test_a_definition_is_blanked_in_place_and_found_by_its_line(tmp_path):
    """A module defined again is left out where it stands (lines and columns of the rest kept);
    the first definition of its name is found in the order of the sources."""
    later = tmp_path / "later.v"
    later.write_text("// older copy\nmodule\n  sub(x, y, z); // endmodule in a comment\n  input x;\nendmodule\n"
                     "module keep(input a); endmodule\n")
    text = later.read_text()
    blanked = blank_definition_at(text, 3)       # the line of the name, the keyword a line above
    assert blanked.splitlines()[0] == "// older copy" and blanked.endswith("module keep(input a); endmodule\n")
    assert len(blanked) == len(text) and blanked.count("\n") == text.count("\n") and "sub" not in blanked
    assert module_at(str(later), 3) == "sub" and module_at(str(later), 6) == "keep"
    first = tmp_path / "first.v"
    first.write_text(SRC)
    assert first_definition([str(first), str(later)], f"{later}:3") == f"{first}:8"
