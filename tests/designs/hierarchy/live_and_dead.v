// A submodule with a live and a dead output: Lane's counter is live and its whole body survives,
// so it is kept as the source's text, but its data input only passes through to a dead output:
// the multipliers that feed it must go (a text instance is not an observation point).
module Mul8(input clk, input [7:0] a, input [7:0] b, output reg [15:0] p);
  always @(posedge clk) p <= a * b;
endmodule
module Lane(input clk, input rst, input go, input [15:0] data, output reg [3:0] count, output [15:0] data_out);
  always @(posedge clk) if (rst) count <= 4'd0; else if (go) count <= count + 4'd1;
  assign data_out = data;
endmodule
module Hold(input clk, input [15:0] d, output reg [15:0] q);
  always @(posedge clk) q <= d;
endmodule
module live_and_dead(input clk, input rst, input go, input [15:0] x, output [3:0] count0, output [3:0] count1,
                     output [15:0] out_data);
  wire [15:0] p0, p1, d0, d1, h;
  Mul8 m0(.clk(clk), .a(x[7:0]), .b(x[15:8]), .p(p0));
  Mul8 m1(.clk(clk), .a(x[15:8]), .b(x[7:0] ^ 8'h5a), .p(p1));
  Lane l0(.clk(clk), .rst(rst), .go(go), .data(p0), .count(count0), .data_out(d0));
  Lane l1(.clk(clk), .rst(rst), .go(~go), .data(p1), .count(count1), .data_out(d1));
  Hold hold(.clk(clk), .d(d0 + d1), .q(h));
  assign out_data = h;
endmodule
