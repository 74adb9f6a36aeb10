// A small sequencer in the style of hand-written cores: one clocked case statement, and a
// trace port that the testbench leaves unread. Verilator removes the trace register (it only
// holds what it was last given) itself once trace_data is unconnected, not the 4-bit sequence
// counter; the netlist of the pruned top is larger than the source for the rest.
module fsm_trace(
  input clk, input rst,
  input start, input [7:0] len, input [15:0] din,
  output reg busy, output reg done, output reg [7:0] addr, output reg we,
  output reg trace_valid, output reg [31:0] trace_data, output reg [3:0] trace_seq
);
  localparam IDLE = 3'd0, FETCH = 3'd1, WAIT = 3'd2, STORE = 3'd3, NEXT = 3'd4, FIN = 3'd5;
  reg [2:0] state;
  reg [7:0] count, limit;
  reg [15:0] last;
  always @(posedge clk) begin
    trace_valid <= 0;
    if (rst) begin
      state <= IDLE; busy <= 0; done <= 0; addr <= 0; we <= 0; count <= 0; limit <= 0; trace_seq <= 0;
    end else begin
      case (state)
        IDLE: begin
          done <= 0;
          if (start) begin state <= FETCH; busy <= 1; limit <= len; count <= 0; addr <= 0; end
        end
        FETCH: begin we <= 0; state <= WAIT; end
        WAIT: begin
          last <= din;
          state <= (din[0] ? STORE : NEXT);
        end
        STORE: begin
          we <= 1; state <= NEXT;
          trace_valid <= 1; trace_data <= {8'd0, addr, last}; trace_seq <= trace_seq + 4'd1;
        end
        NEXT: begin
          we <= 0; count <= count + 8'd1; addr <= addr + 8'd1;
          state <= (count + 8'd1 == limit) ? FIN : FETCH;
        end
        FIN: begin busy <= 0; done <= 1; state <= IDLE; end
        default: state <= IDLE;
      endcase
    end
  end
endmodule
