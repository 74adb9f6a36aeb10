// Flip-flops that only their asynchronous load sets: each clocked assignment sits under a
// condition that folds to 0 (../shared/fuzz-findings/slang_async_reset_only_ff). Verilator
// holds the loaded value; yosys-slang used to leave these variables undriven (x).
module async_load_only #(parameter EN = 0) (
  input clk, input rst, input [1:0] a,
  output [1:0] o, output [3:0] q, output [1:0] s, output [1:0] live, output [1:0] p);
  reg [1:0] r;      // the finding's shape
  reg [3:0] t;      // half loaded, in a named block whose body is a block
  reg [1:0] l;      // a flip-flop whose clocked branch is live, beside them
  always @(posedge clk or posedge rst)
    if (rst) r <= 2'd3;
    else if ((~|1'd1) && a[0]) r <= a;
  always @(posedge clk or posedge rst) begin : blk
    // t <= 0 in a comment is no assignment
    if (rst) begin t[1:0] <= 2'd1; l <= 2'd0; end
    else begin
      if (EN && a[0]) t <= {a, a};
      l <= l + a;
    end
  end
  generate if (1) begin : g
    reg [1:0] u;
    always @(posedge clk or posedge rst) if (rst) u <= 2'd2; else if (EN) u <= a; else begin end
  end endgenerate
  assign o = r;
  assign q = t;
  assign s = g.u;
  assign live = l;
  assign p = a;
endmodule
