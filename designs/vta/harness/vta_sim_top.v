// vta_sim_top: simulation harness around vta_top, with no per-cycle work left to the testbench.
//
//  * dram: a 64-bit word array loaded with $readmemh from +dram_image=<file>; it answers the
//    DRAM port of vta_top with a fixed latency (+dram_latency=<cycles>, default LATENCY): read
//    requests queue (in order), each returns its beats one per cycle (valid/ready) `latency`
//    cycles after it was accepted; a write burst is answered `latency` cycles after its last beat.
//  * host: after reset it reads the image header (below), writes the control registers of
//    vta_top through its host port, launches, polls the finish bit, reads the cycle counter,
//    dumps the DRAM region [dump_start, dump_end) with $writememh to +dram_dump=<file> and raises
//    `done`. If +max_cycles=<n> cycles pass first, it raises `timeout` and `done` and dumps anyway.
//
// Image header, 64-bit words at byte 0 (low 32 bits | high 32 bits):
//   word 0: insn_count | magic 0x56544131 ("VTA1")
//   word 1: insn_base  | uop_base
//   word 2: inp_base   | wgt_base
//   word 3: acc_base   | out_base
//   word 4: dump_start | dump_end (bytes, multiples of 8)
//
// vta_top is instantiated by name and port names only: a pruned vta_top with the same module
// name and ports drops in unchanged.
module vta_sim_top #(
    parameter integer MEM_WORDS = 1 << 20,   // 8 MiB
    parameter integer LATENCY = 32,
    parameter integer RQ_DEPTH = 8
) (
    input  wire clk,
    input  wire rst,
    output reg  done,
    output reg  timeout,
    output reg  [31:0] cycles,       // vta_top's cycle counter (launch to finish)
    output reg  [63:0] sim_cycles    // harness cycles since reset
);
    // ---------------------------------------------------------------- DUT
    wire        host_req_ready, host_resp_valid;
    wire [31:0] host_resp_rdata;
    reg         host_req_valid, host_req_write;
    reg  [7:0]  host_req_addr;
    reg  [31:0] host_req_wdata;

    wire        rd_req_valid;
    wire [31:0] rd_req_addr;
    wire [3:0]  rd_req_len;
    wire [2:0]  rd_req_tag;
    wire        rd_req_ready;
    wire        rd_data_valid;
    wire [63:0] rd_data_data;
    wire [2:0]  rd_data_tag;
    wire        rd_data_last;
    wire        rd_data_ready;
    wire        wr_req_valid;
    wire [31:0] wr_req_addr;
    wire [3:0]  wr_req_len;
    wire        wr_req_ready;
    wire        wr_data_valid;
    wire [63:0] wr_data_data;
    wire [7:0]  wr_data_strb;
    wire        wr_data_last;
    wire        wr_data_ready;
    wire        wr_resp_valid;
    wire        wr_resp_ready;

    vta_top dut (
        .clk(clk), .rst(rst),
        .host_req_valid(host_req_valid), .host_req_ready(host_req_ready),
        .host_req_write(host_req_write), .host_req_addr(host_req_addr),
        .host_req_wdata(host_req_wdata),
        .host_resp_valid(host_resp_valid), .host_resp_rdata(host_resp_rdata),
        .dram_rd_req_valid(rd_req_valid), .dram_rd_req_ready(rd_req_ready),
        .dram_rd_req_addr(rd_req_addr), .dram_rd_req_len(rd_req_len), .dram_rd_req_tag(rd_req_tag),
        .dram_rd_data_valid(rd_data_valid), .dram_rd_data_ready(rd_data_ready),
        .dram_rd_data_data(rd_data_data), .dram_rd_data_tag(rd_data_tag),
        .dram_rd_data_last(rd_data_last),
        .dram_wr_req_valid(wr_req_valid), .dram_wr_req_ready(wr_req_ready),
        .dram_wr_req_addr(wr_req_addr), .dram_wr_req_len(wr_req_len),
        .dram_wr_data_valid(wr_data_valid), .dram_wr_data_ready(wr_data_ready),
        .dram_wr_data_data(wr_data_data), .dram_wr_data_strb(wr_data_strb),
        .dram_wr_data_last(wr_data_last),
        .dram_wr_resp_valid(wr_resp_valid), .dram_wr_resp_ready(wr_resp_ready)
    );

    // ---------------------------------------------------------------- DRAM model
    reg [63:0] mem [0:MEM_WORDS-1];
    reg [8*1024-1:0] image_file, dump_file;   // paths of up to 1,024 characters
    integer latency, max_cycles, i;
    initial begin
        for (i = 0; i < MEM_WORDS; i = i + 1) mem[i] = 64'd0;
        if (!$value$plusargs("dram_latency=%d", latency)) latency = LATENCY;
        if (!$value$plusargs("max_cycles=%d", max_cycles)) max_cycles = 0;
        if ($value$plusargs("dram_image=%s", image_file)) $readmemh(image_file, mem);
        else $display("vta_sim_top: no +dram_image given, DRAM is all zeros");
        if (!$value$plusargs("dram_dump=%s", dump_file)) dump_file = "dram_dump.hex";
    end

    // read requests: a queue of (word address, length, tag, due cycle)
    reg [31:0] rq_addr [0:RQ_DEPTH-1];
    reg [3:0]  rq_len  [0:RQ_DEPTH-1];
    reg [2:0]  rq_tag  [0:RQ_DEPTH-1];
    reg [63:0] rq_due  [0:RQ_DEPTH-1];
    reg [$clog2(RQ_DEPTH):0] rq_count;
    reg [$clog2(RQ_DEPTH)-1:0] rq_head, rq_tail;
    reg [3:0]  rd_beat;
    wire rq_push = rd_req_valid && rd_req_ready;
    wire rq_pop  = rd_data_valid && rd_data_ready && rd_data_last;
    assign rd_req_ready = rq_count != RQ_DEPTH;
    assign rd_data_valid = rq_count != 0 && sim_cycles >= rq_due[rq_head];
    wire [31:0] rd_word = rq_addr[rq_head] + {28'd0, rd_beat};
    assign rd_data_data = mem[rd_word[$clog2(MEM_WORDS)-1:0]];
    assign rd_data_tag = rq_tag[rq_head];
    assign rd_data_last = rd_beat == rq_len[rq_head];

    always @(posedge clk) begin
        if (rst) begin
            rq_count <= 0; rq_head <= 0; rq_tail <= 0; rd_beat <= 0;
        end else begin
            if (rq_push) begin
                rq_addr[rq_tail] <= {3'd0, rd_req_addr[31:3]};
                rq_len[rq_tail] <= rd_req_len;
                rq_tag[rq_tail] <= rd_req_tag;
                rq_due[rq_tail] <= sim_cycles + latency;
                rq_tail <= rq_tail + 1'b1;
            end
            if (rd_data_valid && rd_data_ready) begin
                rd_beat <= rd_data_last ? 4'd0 : rd_beat + 4'd1;
                if (rd_data_last) rq_head <= rq_head + 1'b1;
            end
            rq_count <= rq_count + (rq_push ? 1 : 0) - (rq_pop ? 1 : 0);
        end
    end

    // writes: one burst at a time: request, data beats, response after `latency` cycles
    reg        wr_busy, wr_resp_pending;
    reg [31:0] wr_word;
    reg [63:0] wr_resp_due;
    assign wr_req_ready = !wr_busy && !wr_resp_pending;
    assign wr_data_ready = wr_busy;
    assign wr_resp_valid = wr_resp_pending && sim_cycles >= wr_resp_due;
    integer b;
    always @(posedge clk) begin
        if (rst) begin
            wr_busy <= 0; wr_resp_pending <= 0;
        end else begin
            if (wr_req_valid && wr_req_ready) begin
                wr_busy <= 1;
                wr_word <= {3'd0, wr_req_addr[31:3]};
            end
            if (wr_data_valid && wr_data_ready) begin
                for (b = 0; b < 8; b = b + 1)
                    if (wr_data_strb[b]) mem[wr_word[$clog2(MEM_WORDS)-1:0]][b*8 +: 8] <= wr_data_data[b*8 +: 8];
                wr_word <= wr_word + 1;
                if (wr_data_last) begin
                    wr_busy <= 0;
                    wr_resp_pending <= 1;
                    wr_resp_due <= sim_cycles + latency;
                end
            end
            if (wr_resp_valid && wr_resp_ready) wr_resp_pending <= 0;
        end
    end

    // ---------------------------------------------------------------- host
    localparam H_CONFIG = 0, H_WRITE = 1, H_LAUNCH = 2, H_POLL = 3, H_POLL_WAIT = 4,
               H_CYCLES = 5, H_CYCLES_WAIT = 6, H_DUMP = 7, H_DONE = 8;
    reg [3:0]  hstate;
    reg [2:0]  reg_idx;
    reg [31:0] regval [0:6];        // insn_count, insn_base, uop, inp, wgt, acc, out
    reg [31:0] dump_start, dump_end;

    always @(posedge clk) begin
        if (rst) begin
            hstate <= H_CONFIG; reg_idx <= 0; done <= 0; timeout <= 0; cycles <= 0;
            sim_cycles <= 0; host_req_valid <= 0; host_req_write <= 0;
            host_req_addr <= 0; host_req_wdata <= 0;
        end else begin
            sim_cycles <= sim_cycles + 1;
            if (hstate != H_DONE && hstate != H_DUMP && max_cycles != 0 && sim_cycles >= max_cycles) begin
                timeout <= 1;
                host_req_valid <= 0;
                hstate <= H_DUMP;
            end else case (hstate)
                H_CONFIG: begin
                    if (mem[0][63:32] != 32'h56544131)
                        $display("vta_sim_top: bad image magic %h", mem[0][63:32]);
                    regval[0] <= mem[0][31:0];  regval[1] <= mem[1][31:0];
                    regval[2] <= mem[1][63:32]; regval[3] <= mem[2][31:0];
                    regval[4] <= mem[2][63:32]; regval[5] <= mem[3][31:0];
                    regval[6] <= mem[3][63:32];
                    dump_start <= mem[4][31:0]; dump_end <= mem[4][63:32];
                    hstate <= H_WRITE;
                end
                H_WRITE: begin     // insn_count at 0x08, then the six base addresses from 0x0C
                    host_req_valid <= 1; host_req_write <= 1;
                    host_req_addr <= 8'h08 + {3'd0, reg_idx, 2'd0};
                    host_req_wdata <= regval[reg_idx];
                    if (host_req_valid && host_req_ready) begin
                        host_req_valid <= 0;
                        if (reg_idx == 6) hstate <= H_LAUNCH;
                        else reg_idx <= reg_idx + 1;
                    end
                end
                H_LAUNCH: begin
                    host_req_valid <= 1; host_req_write <= 1; host_req_addr <= 8'h00; host_req_wdata <= 1;
                    if (host_req_valid && host_req_ready) begin host_req_valid <= 0; hstate <= H_POLL; end
                end
                H_POLL: begin
                    host_req_valid <= 1; host_req_write <= 0; host_req_addr <= 8'h00;
                    if (host_req_valid && host_req_ready) begin host_req_valid <= 0; hstate <= H_POLL_WAIT; end
                end
                H_POLL_WAIT: if (host_resp_valid) hstate <= host_resp_rdata[1] ? H_CYCLES : H_POLL;
                H_CYCLES: begin
                    host_req_valid <= 1; host_req_write <= 0; host_req_addr <= 8'h04;
                    if (host_req_valid && host_req_ready) begin host_req_valid <= 0; hstate <= H_CYCLES_WAIT; end
                end
                H_CYCLES_WAIT: if (host_resp_valid) begin cycles <= host_resp_rdata; hstate <= H_DUMP; end
                H_DUMP: begin
                    if (dump_end > dump_start)
                        $writememh(dump_file, mem, dump_start >> 3, (dump_end >> 3) - 1);
                    done <= 1;
                    hstate <= H_DONE;
                end
                default: ;
            endcase
        end
    end
endmodule
