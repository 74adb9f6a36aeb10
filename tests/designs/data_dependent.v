// Control that depends on data: the loop ends when the accumulated value crosses a limit,
// so the accumulator (and the multiplier feeding it) decides `done` and must stay.
module data_dependent(
  input clk, input rst, input start,
  input [7:0] a, input [7:0] b, input [15:0] limit,
  output done, output out_valid, output [15:0] out_data
);
  reg running;
  reg [15:0] acc;
  always @(posedge clk) begin
    if (rst) begin running <= 0; acc <= 0; end
    else if (start) begin running <= 1; acc <= 0; end
    else if (running) begin
      acc <= acc + a * b;
      if (acc >= limit) running <= 0;
    end
  end
  assign done = !running;
  assign out_valid = done;
  assign out_data = acc;
endmodule
