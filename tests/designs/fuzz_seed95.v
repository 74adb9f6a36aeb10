// From fuzz finding lint_unoptflat (seed 95): after pruning, a generate-loop pipeline
// (chain1 <-> gp2[i].st) is written as bit-sliced assigns that Verilator takes for a loop.
module top (
  input clk,
  input rst,
  input arst_n,
  input [1:0] i0,
  input [0:0] i1,
  input [0:0] i2,
  input [3:0] i3,
  output [5:0] o0,
  output [1:0] o1,
  output [3:0] o2,
  output [6:0] o3,
  output [2:0] o4,
  output [17:0] o5
);
  wire [17:0] chain1;
  reg [6:0] r3;
  wire [2:0] w4;
  reg [3:0] mem5 [0:7];
  wire [2:0] wa6;
  wire [3:0] wd7;
  wire [2:0] wb8;
  wire [2:0] ra9;
  reg [3:0] rd10;
  reg [1:0] state11;
  reg [5:0] acc12;
  assign chain1[5:0] = ((i1 * (!i3)) ? i2 : i0);
  genvar gp2i;
  generate for (gp2i = 0; gp2i < 2; gp2i = gp2i + 1) begin : gp2
    reg [5:0] st;
    always @(posedge clk) if (i1) st <= chain1[6*gp2i +: 6] >> 1;
    assign chain1[6*(gp2i+1) +: 6] = st;
  end endgenerate
  always @(posedge clk)
    begin
      case (i0)
        2'd0: r3 <= chain1[12:11];
        2'd1: r3 <= chain1;
        2'd2: r3 <= i1;
        default: r3 <= {3{i3}};
      endcase
    end

  assign w4 = ($signed(i0) * $signed(i0));
  assign wa6 = (i3 << r3[4:2]);
  assign wd7 = (i3[2:0] ^ ((i1 >> i0) & (&4'd12)));
  assign wb8 = i1;
  assign ra9 = {chain1, i3[3:0]};
  always @(posedge clk) begin
    if (w4[1]) mem5[wa6] <= wd7;
    if (i3) mem5[wb8] <= w4;
    rd10 <= mem5[ra9];
  end
  always @(posedge clk)
    if (rst) begin state11 <= 2'd0; acc12 <= 0; end
    else case (state11)
      2'd0: if ({1{i2}}) state11 <= 2'd1;
      2'd1: begin acc12 <= acc12 + 6'd5; if (acc12 >= 6'd53) state11 <= 2'd2; end
      2'd2: begin acc12 <= acc12 - 1'b1; if (acc12[0] ^ i0) state11 <= 2'd3; end
      default: state11 <= (i3 | i0) ? 2'd0 : 2'd3;
    endcase

  assign o0 = acc12;
  assign o1 = state11;
  assign o2 = rd10;
  assign o3 = r3;
  assign o4 = (acc12[acc12[2:1]] || acc12);
  assign o5 = r3[5:1];
endmodule
