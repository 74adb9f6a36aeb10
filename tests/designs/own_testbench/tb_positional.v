// The same run with the DUT connected by position, two outputs left out.
`timescale 1ns/1ps
module tb_positional;
  reg clk = 0, rst = 1, start = 0;
  reg [11:0] a = 12'd3, b = 12'd5;
  wire busy;
  wire [7:0] count;
  integer rounds;
  always #5 clk = ~clk;
  mac_unit u_mac (clk, rst, a, b, start, busy, count, , );
  always @(posedge clk) begin a <= a + 12'd7; b <= b ^ {a[4:0], 7'h15}; end
  initial begin
    if (!$value$plusargs("rounds=%d", rounds)) rounds = 2;
    repeat (3) @(posedge clk);
    rst <= 0;
    repeat (rounds) begin
      @(posedge clk) start <= 1;
      @(posedge clk) start <= 0;
      @(posedge clk);
      wait (!busy);
      $display("round done at %0t count %0d", $time, count);
    end
    $finish;
  end
endmodule
