// A small accelerator: a control counter the testbench polls, and a multiply-accumulate
// datapath whose result leaves on `acc_out` (which a testbench may leave unread).
`define MAC_WIDTH 24
module mac_unit (
    input             clk,
    input             rst,
    input      [11:0] a,
    input      [11:0] b,
    input             start,
    output reg        busy,
    output reg  [7:0] count,
    output            odd,      // nothing in the testbenches reads it: only the trace monitor sees it
    output     [`MAC_WIDTH-1:0] acc_out
);
  reg [`MAC_WIDTH-1:0] acc;
  reg [23:0] prod;
  always @(posedge clk) begin
    if (rst) begin
      busy <= 0; count <= 0; acc <= 0; prod <= 0;
    end else begin
      prod <= a * b;
      if (start) busy <= 1;
      if (busy) begin
        count <= count + 1;
        acc <= acc + prod;
        if (count == 8'd200) busy <= 0;
      end
    end
  end
  assign acc_out = acc;
  assign odd = count[0];
endmodule
