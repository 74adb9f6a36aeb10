// A MAC datapath feeding a data output, beside an FSM that only counts: the multiplier
// and accumulator must go, the FSM must stay.
module mac_fsm(
  input clk, input rst,
  input start,
  input [15:0] a, input [15:0] b,
  output reg busy, output done,
  output result_valid, output [31:0] result_data
);
  localparam IDLE = 2'd0, RUN = 2'd1, DONE = 2'd2;
  reg [1:0] state;
  reg [4:0] count;
  reg [31:0] acc;
  always @(posedge clk) begin
    if (rst) begin
      state <= IDLE; count <= 0; acc <= 0; busy <= 0;
    end else case (state)
      IDLE: if (start) begin state <= RUN; count <= 0; acc <= 0; busy <= 1; end
      RUN: begin
        acc <= acc + a * b;
        count <= count + 1;
        if (count == 5'd15) begin state <= DONE; busy <= 0; end
      end
      DONE: state <= IDLE;
      default: state <= IDLE;
    endcase
  end
  assign done = state == DONE;
  assign result_valid = done;
  assign result_data = acc;
endmodule
