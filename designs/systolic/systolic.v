// A weight-stationary systolic MAC array with a controller: the bundled example design.
//
// Activations enter on the left and travel right, one PE per cycle, tagged with a valid
// bit packed into bit 0 of the same register (bits 16:1 carry data): a mixed register.
// Each PE multiplies and accumulates. The controller counts `len` input beats and waits for
// the last tag to leave the array. `result_data` (the XOR of every accumulator) is the data
// payload of the `result_valid` handshake; `done`, `busy` and `beats` are control.
//
// Size: ROWS x COLS PEs (defaults 8 x 8); `--define ROWS=112 --define COLS=112` gives
// 12,544 multipliers and about 100k cells after flattening.
`ifndef ROWS
`define ROWS 8
`endif
`ifndef COLS
`define COLS 8
`endif

module systolic_pe(
  input clk, input rst, input load_w,
  input [16:0] in_act,       // {data[15:0], valid}
  input [15:0] w_in,
  output reg [16:0] out_act,
  output [31:0] acc_out
);
  reg [15:0] weight;
  reg [31:0] acc;
  always @(posedge clk) begin
    if (rst) begin
      out_act <= 17'd0; acc <= 32'd0;
    end else begin
      out_act <= in_act;
      if (in_act[0]) acc <= acc + in_act[16:1] * weight;
    end
    if (load_w) weight <= w_in;
  end
  assign acc_out = acc;
endmodule

module systolic_ctrl #(parameter COLS = 8) (
  input clk, input rst, input start, input [15:0] len, input last_tag,
  output reg busy, output reg done, output reg feed, output reg [15:0] beats
);
  reg [15:0] remaining;
  reg [7:0] drain;
  always @(posedge clk) begin
    if (rst) begin
      busy <= 0; done <= 0; feed <= 0; beats <= 0; remaining <= 0; drain <= 0;
    end else begin
      done <= 0;
      if (start && !busy) begin
        busy <= 1; feed <= (len != 0); remaining <= len; beats <= 0; drain <= 0;
      end else if (busy) begin
        if (feed) begin
          beats <= beats + 1;
          remaining <= remaining - 1;
          if (remaining == 16'd1) feed <= 0;
        end else begin
          drain <= drain + 1;
          if (!last_tag && drain >= COLS[7:0]) begin busy <= 0; done <= 1; end
        end
      end
    end
  end
endmodule

module systolic(
  input clk, input rst,
  input start, input [15:0] len,
  input [16*`ROWS-1:0] act_in,
  input load_w, input [15:0] w_in,
  output busy, output done, output [15:0] beats,
  output result_valid, output [31:0] result_data
);
  wire feed;
  // Flat vectors rather than wire arrays: Yosys elaborates arrays of wires slowly.
  wire [17*`ROWS*(`COLS+1)-1:0] act;      // act of row r, column c at 17*(r*(COLS+1)+c)
  wire [32*(`ROWS*`COLS+1)-1:0] fold;     // running XOR of the accumulators
  assign fold[31:0] = 32'd0;
  genvar r, c;
  generate
    for (r = 0; r < `ROWS; r = r + 1) begin : row
      assign act[17*r*(`COLS+1) +: 17] = {act_in[16*r +: 16], feed};
      for (c = 0; c < `COLS; c = c + 1) begin : col
        wire [31:0] acc;
        systolic_pe pe(
          .clk(clk), .rst(rst), .load_w(load_w),
          .in_act(act[17*(r*(`COLS+1)+c) +: 17]), .w_in(w_in ^ (r * `COLS + c)),
          .out_act(act[17*(r*(`COLS+1)+c+1) +: 17]), .acc_out(acc)
        );
        assign fold[32*(r*`COLS+c+1) +: 32] = fold[32*(r*`COLS+c) +: 32] ^ acc;
      end
    end
  endgenerate
  systolic_ctrl #(.COLS(`COLS)) ctrl(
    .clk(clk), .rst(rst), .start(start), .len(len), .last_tag(act[17*((`ROWS-1)*(`COLS+1)+`COLS)]),
    .busy(busy), .done(done), .feed(feed), .beats(beats)
  );
  assign result_valid = done;
  assign result_data = fold[32*`ROWS*`COLS +: 32];
endmodule
