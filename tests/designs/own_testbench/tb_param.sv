// Passes its own parameters to the DUT (`#(...)`, ports by `.*`), reads its inputs from files a
// generator writes (param.toml's command), and checks the dropped `sum`: when the check fails
// it stops without $finish while the clock runs on, as many testbenches do.
module tb_param;
  localparam int W = 8;
  localparam int N = 12;
  logic clk = 0, rst = 1, go = 0;
  logic [W-1:0] x;
  logic done;
  logic [15:0] steps;
  logic [2*W-1:0] sum;
  logic [W-1:0] xs [0:N-1];
  logic [2*W-1:0] expected [0:0];

  param_acc #(.W(W), .STEPS(N)) dut (.*);

  always #5 clk = ~clk;
  assign x = xs[steps % N];

  initial begin
    $readmemh("values.hex", xs);
    $readmemh("expected.hex", expected);
    repeat (3) @(posedge clk);
    rst <= 0;
    go <= 1;
    wait (done);
    @(posedge clk);
    if (sum === expected[0]) begin
      $display("PASSED: sum %0d after %0d steps", sum, steps);
      $finish;
    end
    $display("FAILED: sum %0d, expected %0d", sum, expected[0]);
  end
endmodule
