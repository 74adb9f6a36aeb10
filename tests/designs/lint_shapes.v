// Shapes whose pruned output Verilator refused where the source lints clean (fuzz findings
// lint_unsigned, lint_huge_literal): a compare that flattening makes constant (i1[1] is tied
// to 0 by the parent), and a dropped output wider than Verilator's 65,536-bit literal limit.
module lint_sub(input clk, input [1:0] i1, input [9:0] d, output flag);
  reg [9:0] r1;
  always @(posedge clk) r1 <= d;
  assign flag = (i1[1] <= r1) ^ (r1 < i1[1]);
endmodule
module lint_shapes(input clk, input x, input [9:0] d, input [70000:0] a, output f,
                   output reg [70000:0] wide, output p);
  lint_sub u(.clk(clk), .i1({1'b0, x}), .d(d), .flag(f));
  always @(posedge clk) wide <= wide ^ a;
  assign p = ^wide[70000:69990];
endmodule
