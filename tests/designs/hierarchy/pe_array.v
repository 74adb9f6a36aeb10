// Datapath lanes as many instances of one module, each with a dead accumulator and a live
// flag, and a whole instance of a combinational module on the dead path.
module Pe(input clk, input rst, input go, input [7:0] a, input [7:0] b, output reg [19:0] acc,
          output reg seen);
  always @(posedge clk)
    if (rst) begin acc <= 20'd0; seen <= 1'b0; end
    else begin if (go) acc <= acc + a * b; seen <= seen | go; end
endmodule
module Sum4(input [19:0] a, input [19:0] b, input [19:0] c, input [19:0] d, output [21:0] y);
  assign y = a + b + c + d;
endmodule
module pe_array(input clk, input rst, input [3:0] go, input [31:0] a, input [31:0] b, output [3:0] seen,
                output [21:0] total);
  wire [19:0] acc [0:3];
  genvar i;
  generate for (i = 0; i < 4; i = i + 1) begin : lane
    Pe pe(.clk(clk), .rst(rst), .go(go[i]), .a(a[8*i +: 8]), .b(b[8*i +: 8]), .acc(acc[i]), .seen(seen[i]));
  end endgenerate
  Sum4 sum(.a(acc[0]), .b(acc[1]), .c(acc[2]), .d(acc[3]), .y(total));
endmodule
