// A dead path through module instances (issue 22): with io_w_data dropped, the multipliers,
// adders and the stored result are dead, and only the busy counter and the valid bit stay.
module Adder(input clock, input [15:0] io_a, input [15:0] io_b, output [16:0] io_y);
  assign io_y = io_a + io_b;
endmodule
module Mul(input clock, input [7:0] a, input [7:0] b, output reg [15:0] p);
  always @(posedge clock) p <= a * b;
endmodule
module Store(input clock, input valid, input [16:0] d, output reg [16:0] q, output reg qv);
  always @(posedge clock) begin qv <= valid; if (valid) q <= d; end
endmodule
module Core(input clock, input reset, input [31:0] in_a, input [31:0] in_b, input start,
           output reg busy, output [16:0] result, output result_valid);
  wire [15:0] p0, p1, p2, p3; wire [16:0] s0, s1, s2; reg [7:0] count;
  Mul m0(.clock(clock), .a(in_a[7:0]),   .b(in_b[7:0]),   .p(p0));
  Mul m1(.clock(clock), .a(in_a[15:8]),  .b(in_b[15:8]),  .p(p1));
  Mul m2(.clock(clock), .a(in_a[23:16]), .b(in_b[23:16]), .p(p2));
  Mul m3(.clock(clock), .a(in_a[31:24]), .b(in_b[31:24]), .p(p3));
  Adder a0(.clock(clock), .io_a(p0), .io_b(p1), .io_y(s0));
  Adder a1(.clock(clock), .io_a(p2), .io_b(p3), .io_y(s1));
  Adder a2(.clock(clock), .io_a(s0[15:0]), .io_b(s1[15:0]), .io_y(s2));
  always @(posedge clock)
    if (reset) begin busy <= 0; count <= 0; end
    else if (start) begin busy <= 1; count <= 0; end
    else if (busy) begin count <= count + 1; if (count == 8'd99) busy <= 0; end
  Store st(.clock(clock), .valid(busy), .d(s2), .q(result), .qv(result_valid));
endmodule
module top(input clock, input reset, input [31:0] in_a, input [31:0] in_b, input start,
           output busy, output [16:0] io_w_data, output io_w_valid);
  Core core(.clock(clock), .reset(reset), .in_a(in_a), .in_b(in_b), .start(start), .busy(busy),
            .result(io_w_data), .result_valid(io_w_valid));
endmodule
