// Many cell kinds feeding outputs through a few of their bits, to prove the bit-level cut
// sound beyond the simple cases: signed width extension, sub/neg/shift, case (pmux),
// async reset and enable flip-flops, and a memory with two write and two read ports.
// Small widths keep the bounded proof fast.
module cell_zoo(
  input clk, input arst, input rst, input en,
  input signed [3:0] sa, input [5:0] ub, input [2:0] sel,
  input [2:0] wa0, input [2:0] wa1, input [2:0] ra0, input [2:0] ra1,
  input we0, input we1, input [7:0] wd0, input [7:0] wd1,
  output [2:0] low_sum, output sign_bit, output [1:0] sel_bits, output [1:0] mem_bits,
  output shifted_msb, output [15:0] wide_data
);
  reg signed [7:0] acc_s;
  reg [9:0] acc_u;
  reg [5:0] pick;
  reg [7:0] mem [0:7];
  reg [7:0] r0, r1;
  wire signed [7:0] ext = sa;               // sign extension
  wire [9:0] diff = acc_u - {4'd0, ub};
  always @(posedge clk or posedge arst)
    if (arst) acc_s <= 8'sd0;
    else if (en) acc_s <= acc_s + (ext <<< 1) - ext;   // enable FF with async reset
  always @(posedge clk) begin
    if (rst) acc_u <= 0; else acc_u <= -diff ^ {acc_u[8:0], acc_u[9]};
    case (sel)
      3'd0: pick <= acc_s[5:0];
      3'd1: pick <= acc_u[5:0];
      3'd2: pick <= {ub[2:0], sa[2:0]};
      3'd5: pick <= pick >> 1;
      default: pick <= pick ^ 6'h1a;
    endcase
    if (we0) mem[wa0] <= wd0 + {2'd0, pick};
    if (we1) mem[wa1][3:0] <= wd1[3:0] ^ acc_u[3:0];
    r0 <= mem[ra0];
    r1 <= mem[ra1];
  end
  assign low_sum = acc_u[2:0] + pick[2:0];
  assign sign_bit = acc_s[7];
  assign sel_bits = pick[5:4];
  assign mem_bits = {r0[6], r1[1]};
  assign shifted_msb = (acc_u << sel) >> 9;
  assign wide_data = {r0, r1} * {acc_s, acc_s};  // dropped in the tests: the product goes
endmodule
