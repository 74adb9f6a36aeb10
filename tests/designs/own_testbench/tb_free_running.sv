// A testbench that never ends by itself: it starts the DUT again whenever it is idle. The run
// ends on a DUT output (the description's finish_on), as harnesses that poll `done` do.
`timescale 1ns/1ps
module tb_free_running;
  logic clk = 0, rst = 1, start = 0;
  logic [11:0] a = 12'd9, b = 12'd2;
  wire busy, odd;
  wire [7:0] count;
  wire [23:0] acc_out;
  always #5 clk = ~clk;
  mac_unit dut (.clk(clk), .rst(rst), .a(a), .b(b), .start(start), .busy(busy), .count(count), .odd(odd),
                .acc_out(acc_out));
  always @(posedge clk) begin
    a <= a + 12'd5;
    b <= b + 12'd3;
    start <= !rst && !busy && !start;
  end
  initial begin
    repeat (3) @(posedge clk);
    rst <= 0;
  end
endmodule
