// Simulation tasks in an always block, as Chisel emits them under `ifndef SYNTHESIS: $finish
// ends the run when the counter reaches 12 (control only), $fatal fires when the accumulator
// overflows (it reads data), $display reports progress. Yosys has no cell for $finish or
// $fatal; rtlprune must carry them through and keep them.
module sim_tasks(
  input clk, input rst, input [7:0] a,
  output reg [7:0] count, output out_valid, output [15:0] out_data
);
  reg [15:0] acc;
  always @(posedge clk) begin
    if (rst) begin
      count <= 0; acc <= 0;
    end else begin
      count <= count + 1; acc <= acc + a;
    end
`ifndef SYNTHESIS
    if (!rst && count == 8'd12) $finish;
    if (!rst && acc[15]) $fatal(1, "acc overflow: %h", acc);
    if (!rst && count[1:0] == 2'd3) $display("count %d", count);
`endif
  end
  assign out_valid = count[0];
  assign out_data = acc;
endmodule
