// Where Yosys' read_verilog and Verilator disagree (fuzz findings port_connection_expr_width and
// yosys_display_signed): an expression in a port connection is sized by the 10-bit port
// (a=b=1 gives 2, read_verilog 0), and $signed operands inside $display keep their sign.
module fm_sub(input [9:0] x, output [9:0] y);
  assign y = x;
endmodule
module frontend_meaning(input clk, input rst, input a, input b, input [1:0] sa, input [3:0] sb,
                        output [9:0] o, output [3:0] p);
  fm_sub u(.x(a * (a + b)), .y(o));
  always @(posedge clk) $display("P %h", $signed(sa) * $signed(sb));
  assign p = $signed(sa) * $signed(sb);
endmodule
