// A testbench that reads a dropped output back: it runs one more round when the accumulator is
// not zero after the first. Pruning acc_out is sound for the module and wrong for this
// testbench (environment feedback); the trace run must say that acc_out is the one.
`timescale 1ns/1ps
module tb_feedback;
  logic clk = 0, rst = 1, start = 0;
  logic [11:0] a = 12'd3, b = 12'd5;
  logic busy;
  logic [7:0] count;
  logic odd;
  logic [23:0] acc_out;
  int rounds = 2;
  always #5 clk = ~clk;
  mac_unit dut (.*);
  initial begin
    repeat (3) @(posedge clk);
    rst <= 0;
    for (int i = 0; i < rounds; i++) begin
      @(posedge clk) start <= 1;
      @(posedge clk) start <= 0;
      @(posedge clk);
      wait (!busy);
      if (i == 0 && acc_out != 0) rounds = rounds + 1;
    end
    $display("finished %0d rounds, count %0d", rounds, count);
    $finish;
  end
endmodule
