// picorv32's shape: a `full_case` case in an always @* that leaves one select value uncovered.
// Verilator simulates it as a latch but does not warn of it in this form (LINT clean); the
// pruned output writes the latch as `always @* if (en) q = d;`, which it warns of unless told.
module partial_case_latch(input clk, input [1:0] size, input [7:0] d, output reg [7:0] wdata, output reg [7:0] q);
  always @* begin
    (* full_case *)
    case (size)
      0: wdata = d;
      1: wdata = {2{d[3:0]}};
      2: wdata = {4{d[1:0]}};
    endcase
  end
  always @(posedge clk) q <= wdata;
endmodule
