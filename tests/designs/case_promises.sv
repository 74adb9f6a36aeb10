// Promises to a synthesis tool that Verilator does not act on (it simulates IEEE 1800): a value
// a `full_case` case does not cover keeps what the block assigned before, and of overlapping
// `parallel_case` items the first that matches wins. c = 2 or 3 and s = 2'b11 reach exactly
// those cases. (`unique` and `priority` are not here: Verilator stops the run with an
// assertion error when one is violated. rst is for the co-simulation driver.)
module case_promises(input clk, input rst, input [1:0] c, input [1:0] s, input d, input e, input f,
                     output reg w, output reg p, output reg q);
  always @* begin
    w = f;
    (* full_case *)
    case (c)
      2'd0: w = d;
      2'd1: w = e;
    endcase
  end
  always @* begin
    p = f;
    (* parallel_case *)
    case (1'b1)
      s[0]: p = d;
      s[1]: p = e;
    endcase
  end
  always @(posedge clk) q <= w ^ p;
endmodule
