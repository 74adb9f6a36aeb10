// Registers observed only through --keep (fuzz findings keep_reg_aliased_dropped_FF and
// keep_dead_reg_worker_crash): `aliased` is also read into a concatenation nothing observes,
// `dead` is read by nothing, `dropped` only by an output the spec drops.
module kept_registers(input clk, input rst, input [1:0] a, input [3:0] b, output p, output [3:0] o);
  reg [1:0] aliased;
  wire [3:0] c = {aliased, a};
  always @(posedge clk) aliased <= a + 1'b1;
  reg [6:0] dead;
  always @(posedge clk) dead <= {b, a, 1'b1};
  reg [3:0] dropped;
  always @(posedge clk)
    if (rst) dropped <= 4'd5;
    else dropped <= b;
  assign o = dropped;
  assign p = ^b;
endmodule
