// Simulation model of the blackbox bb_sink, for Verilator builds of hier_effects.
module bb_sink(input clk, input [7:0] d, output reg [7:0] q);
  always @(posedge clk) q <= d;
endmodule
