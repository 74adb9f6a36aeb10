// A parameterised accumulator: its testbench (tb_param.sv) overrides W and STEPS at the
// instance, so the pruned module must be elaborated with, and accept, the same values.
module param_acc #(parameter W = 4, parameter STEPS = 10) (
    input                clk,
    input                rst,
    input                go,
    input      [W-1:0]   x,
    output reg           done,
    output reg [15:0]    steps,
    output     [2*W-1:0] sum
);
  reg [2*W-1:0] acc;
  always @(posedge clk) begin
    if (rst) begin
      done <= 0; steps <= 0; acc <= 0;
    end else if (go && !done) begin
      acc <= acc + x * x;
      steps <= steps + 1;
      if (steps == STEPS - 1) done <= 1;
    end
  end
  assign sum = acc;
endmodule
