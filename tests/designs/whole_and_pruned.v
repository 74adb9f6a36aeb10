// Instances that pruning leaves whole keep the source's text: the control counter and the
// accumulator whose sum is read. The accumulator of the dropped output goes; the parameterized
// pipe is rewritten (a parameterized module's text is never pasted alone).
module counter(input clk, input rst, output reg [7:0] q);
  // a comment that says endmodule must not end the module
  always @(posedge clk) if (rst) q <= 8'd0; else q <= q + 8'd1;
endmodule

module mac(input clk, input rst, input [7:0] a, input [7:0] b, output reg [15:0] acc);
  always @(posedge clk) if (rst) acc <= 16'd0; else acc <= acc + a * b;
endmodule

module pipe #(parameter W = 4) (input clk, input [W-1:0] d, output reg [W-1:0] q);
  always @(posedge clk) q <= d;
endmodule

module whole_and_pruned(input clk, input rst, input [7:0] x, output [7:0] count, output [15:0] kept_sum,
                        output [15:0] data, output [3:0] piped);
  wire [7:0] c;
  counter u_count(.clk(clk), .rst(rst), .q(c));
  mac u_keep(.clk(clk), .rst(rst), .a(x), .b(c), .acc(kept_sum));
  mac u_drop(.clk(clk), .rst(rst), .a(x), .b(8'd3), .acc(data));
  pipe #(.W(4)) u_pipe(.clk(clk), .d(c[3:0]), .q(piped));
  assign count = c;
endmodule
