// A memory written in byte lanes beside a FIFO written in whole words. proc gives both write
// enables as wide muxes of constants; rtlprune's output must still write lanes and words whole,
// never one bit per statement (which Verilator would then simulate bit by bit).
module lane_memory(
  input clk, input rst,
  input we, input [1:0] lane_we, input [2:0] waddr, input [2:0] raddr, input [15:0] wdata,
  input push, input [7:0] pdata,
  output reg [15:0] rdata, output reg [7:0] pout
);
  reg [15:0] mem [0:7];
  reg [7:0] fifo [0:3];
  reg [1:0] wp;
  always @(posedge clk) begin
    if (we && lane_we[0]) mem[waddr][7:0] <= wdata[7:0];
    if (we && lane_we[1]) mem[waddr][15:8] <= wdata[15:8];
    rdata <= mem[raddr];
    if (rst) wp <= 0;
    else if (push) begin fifo[wp] <= pdata; wp <= wp + 1; end
    pout <= fifo[raddr[1:0]];
  end
endmodule
