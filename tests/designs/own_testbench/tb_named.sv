// A testbench in its owner's style: it makes its own clock, reads a plusarg, connects the DUT
// with `.*`, prints, writes a file of its own and ends with $finish.
`timescale 1ns/1ps
module tb_named;
  logic clk = 0, rst = 1, start = 0;
  logic [11:0] a = 12'd3, b = 12'd5;
  logic busy;
  logic [7:0] count;
  logic odd;
  logic [23:0] acc_out;
  int rounds = 2, fd;
  always #5 clk = ~clk;
  mac_unit dut (.*);
  always @(posedge clk) begin a <= a + 12'd7; b <= b ^ {a[4:0], 7'h15}; end
  initial begin
    if (!$value$plusargs("rounds=%d", rounds)) rounds = 2;
    fd = $fopen("progress.txt", "w");
    repeat (3) @(posedge clk);
    rst <= 0;
    repeat (rounds) begin
      @(posedge clk) start <= 1;
      @(posedge clk) start <= 0;
      @(posedge clk);
      wait (!busy);
      $fwrite(fd, "round done at %0t count %0d\n", $time, count);
    end
    $display("finished %0d rounds, count %0d", rounds, count);
    $fclose(fd);
    $finish;
  end
endmodule
