// A register whose bit 0 is control and bits 31:1 data, and a memory whose column 0 is a
// control flag and columns 15:1 data: only the control bits may survive.
module mixed_bits(
  input clk, input rst,
  input [31:0] in_word, input load,
  input we, input [3:0] waddr, input [3:0] raddr, input [15:0] wdata,
  output toggle, output flag, output [31:0] word_data, output [15:0] mem_data
);
  reg [31:0] word;
  reg [15:0] table_mem [0:15];
  reg [15:0] rd;
  always @(posedge clk) begin
    if (rst) word <= 0;
    else if (load) word <= in_word;
    else word <= {word[31:1] + in_word[31:1], ~word[0]};
    if (we) table_mem[waddr] <= wdata;
    rd <= table_mem[raddr];
  end
  assign toggle = word[0];
  assign flag = rd[0];
  assign word_data = word;
  assign mem_data = rd;
endmodule
