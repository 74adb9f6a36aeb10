// A loop whose exit depends on data, inside a function (NVDLA's DesignWare leading-sign
// detector is written this way): Verilator simulates it as a loop; synthesis front ends must
// unroll it and cannot. rtlprune reads `lsd` as a blackbox and keeps its text where it is live.
module lsd(input [7:0] a, output [2:0] enc);
  function [2:0] f(input [7:0] A);
    reg [2:0] i; reg done;
    begin
      done = 0; f = 3'd7;
      for (i = 3'd6; done == 0; i = i - 3'd1) begin
        if (A[i+1] != A[i]) begin f = 3'd6 - i; done = 1; end
        else if (i == 0) begin f = 3'd7; done = 1; end
      end
    end
  endfunction
  assign enc = f(a);
endmodule
module lsd_top(input clk, input [7:0] x, input go, output reg busy, output reg [2:0] norm,
               output reg [15:0] prod);
  wire [2:0] e;
  lsd u(.a(x), .enc(e));
  always @(posedge clk) begin busy <= go; norm <= e; prod <= x * x; end
endmodule
