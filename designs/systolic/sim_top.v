// Simulation harness of the systolic example for rtlprune.simulation: everything the array needs is
// made in HDL, so no Python runs per cycle. The image (+stim=<file>, $readmemh, 32-bit words)
// holds: word 0 the number of jobs, word 1 the beats per job (len), word 2 the LFSR seed.
// After reset the harness loads weights, then runs the jobs one after another (start, wait
// for done); activations and weights come from a 32-bit LFSR. It never reads result_data,
// the data payload rtlprune drops. Outputs: done (all jobs finished), cycles (harness cycles
// from reset to done), jobs (jobs finished).
`ifndef ROWS
`define ROWS 8
`endif
module systolic_sim_top(input clk, input rst, output reg done, output reg [31:0] cycles,
                        output reg [15:0] jobs);
  reg [31:0] stim [0:2];
  reg [31:0] lfsr;
  reg [1:0] phase;   // 0: load weights, 1: start a job, 2: wait for it
  wire busy, dut_done, result_valid;
  wire [15:0] beats;
  wire [31:0] result_data;
  systolic dut(
    .clk(clk), .rst(rst), .start(phase == 2'd1), .len(stim[1][15:0]),
    .act_in({(`ROWS + 1) / 2 + 1{lfsr}}), .load_w(phase == 2'd0), .w_in(lfsr[31:16]),
    .busy(busy), .done(dut_done), .beats(beats), .result_valid(result_valid), .result_data(result_data)
  );
  initial begin
    reg [8*1024-1:0] path;
    stim[0] = 32'd4; stim[1] = 32'd16; stim[2] = 32'h1;
    if ($value$plusargs("stim=%s", path)) $readmemh(path, stim);
  end
  always @(posedge clk) begin
    if (rst) begin
      lfsr <= stim[2] | 32'h1; phase <= 0; done <= 0; cycles <= 0; jobs <= 0;
    end else begin
      lfsr <= {lfsr[30:0], lfsr[31] ^ lfsr[21] ^ lfsr[1] ^ lfsr[0]};
      if (!done) cycles <= cycles + 1;
      case (phase)
        2'd0: phase <= 2'd1;
        2'd1: phase <= 2'd2;
        default: if (dut_done) begin
          jobs <= jobs + 1;
          if (jobs + 1 == stim[0][15:0]) done <= 1;
          else phase <= 2'd1;
        end
      endcase
    end
  end
endmodule
