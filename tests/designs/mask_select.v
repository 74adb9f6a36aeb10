// AND-OR selection with masks made by replication (XuanTie E902's style): the output must write
// the replicated select bit as a replication, not as one copy per bit.
module mask_select(input clk, input [1:0] sel, input [7:0] a, input [7:0] b, input [31:0] c,
                   output reg [7:0] y, output reg [31:0] z);
  always @(posedge clk) begin
    y <= ({8{sel == 2'd0}} & a) | ({8{sel == 2'd1}} & b);
    z <= {32{sel[1]}} & c;
  end
endmodule
