// A streaming 3-tap filter over a line buffer written by index (the shape of an image filter's
// frame or line memory): the memory and the adder feed only pix_out, the counters feed pix_valid.
module line_buffer(
  input clk, input rst,
  input in_valid, input [7:0] in_pix,
  output reg pix_valid, output reg [9:0] pix_out
);
  reg [7:0] line [0:15];
  reg [3:0] wr, rd;
  reg [7:0] a, b;
  always @(posedge clk) begin
    if (in_valid) line[wr] <= in_pix;
    a <= line[rd];
    b <= line[rd + 4'd1];
  end
  always @(posedge clk) begin
    if (rst) begin wr <= 0; rd <= 0; pix_valid <= 0; end
    else begin
      if (in_valid) wr <= wr + 4'd1;
      pix_valid <= in_valid && wr == 4'd15;
      if (pix_valid) rd <= rd + 4'd1;
    end
    pix_out <= a + b + in_pix;
  end
endmodule
