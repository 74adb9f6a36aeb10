// Text instances that keep more than the flat cone's netlist (fuzz seed 28): a tree of muxes,
// one module each, all on one select. Every mux survives the cone, so each instance is whole,
// but in the flat netlist opt_muxtree sees that the inner muxes' other branches are never
// taken and the registers behind them (b and c) go; kept as text, they would stay.
module mux8(input s, input [7:0] x, input [7:0] y, output [7:0] z);
  assign z = s ? x : y;
endmodule
module stage8(input clk, input [7:0] d, output reg [7:0] q);
  always @(posedge clk) q <= d;
endmodule
module mux_tree(input clk, input sel, input [7:0] in, output [7:0] out, output [7:0] dbg);
  reg [7:0] a, b, c, d;
  always @(posedge clk) begin a <= in; b <= in + 8'd1; c <= in ^ 8'h5a; d <= ~in; end
  wire [7:0] ab, cd, abcd;
  mux8 m0(.s(sel), .x(a), .y(b), .z(ab));
  mux8 m1(.s(sel), .x(c), .y(d), .z(cd));
  mux8 m2(.s(sel), .x(ab), .y(cd), .z(abcd));
  stage8 st(.clk(clk), .d(abcd), .q(out));
  assign dbg = a * d;
endmodule
