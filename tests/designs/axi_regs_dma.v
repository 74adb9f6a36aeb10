// A small accelerator in AXI style: a host register port (AXI-lite slave s_axi_*: the host
// writes LEN and START, then polls STATUS through the read channel) and a memory port (AXI
// master m_axi_*, write channels only) that streams LEN words of a multiply-accumulate to
// memory. The host's read data must stay observed (it is how the host learns of the end);
// the memory write data may go.
module axi_regs_dma(
  input clk, input rst,
  // host register port (slave)
  input s_axi_awvalid, output s_axi_awready, input [3:0] s_axi_awaddr,
  input s_axi_wvalid, output s_axi_wready, input [31:0] s_axi_wdata,
  output reg s_axi_bvalid, input s_axi_bready,
  input s_axi_arvalid, output s_axi_arready, input [3:0] s_axi_araddr,
  output reg s_axi_rvalid, input s_axi_rready, output reg [31:0] s_axi_rdata,
  // memory port (master)
  output m_axi_awvalid, input m_axi_awready, output [31:0] m_axi_awaddr,
  output m_axi_wvalid, input m_axi_wready, output [31:0] m_axi_wdata, output m_axi_wlast,
  input m_axi_bvalid, output m_axi_bready
);
  reg [7:0] len, sent;
  reg busy, done, aw_done;
  reg [31:0] acc, coef;
  wire write = s_axi_awvalid && s_axi_wvalid && !s_axi_bvalid;
  assign s_axi_awready = write;
  assign s_axi_wready = write;
  assign s_axi_arready = !s_axi_rvalid;
  assign m_axi_awvalid = busy && !aw_done;
  assign m_axi_awaddr = 32'h1000;
  assign m_axi_wvalid = busy && aw_done;
  assign m_axi_wdata = acc;
  assign m_axi_wlast = sent == len - 8'd1;
  assign m_axi_bready = 1'b1;
  always @(posedge clk) begin
    if (rst) begin
      len <= 0; sent <= 0; busy <= 0; done <= 0; aw_done <= 0; acc <= 0; coef <= 3;
      s_axi_bvalid <= 0; s_axi_rvalid <= 0; s_axi_rdata <= 0;
    end else begin
      if (write) begin
        s_axi_bvalid <= 1;
        case (s_axi_awaddr)
          4'h0: if (s_axi_wdata[0]) begin busy <= 1; done <= 0; sent <= 0; aw_done <= 0; end
          4'h4: len <= s_axi_wdata[7:0];
          4'h8: coef <= s_axi_wdata;
          default: ;
        endcase
      end else if (s_axi_bready) s_axi_bvalid <= 0;
      if (s_axi_arvalid && !s_axi_rvalid) begin
        s_axi_rvalid <= 1;
        s_axi_rdata <= s_axi_araddr == 4'hc ? {30'd0, done, busy} : {24'd0, len};
      end else if (s_axi_rready) s_axi_rvalid <= 0;
      if (m_axi_awvalid && m_axi_awready) aw_done <= 1;
      if (m_axi_wvalid && m_axi_wready) begin
        acc <= acc * coef + {24'd0, sent};
        sent <= sent + 8'd1;
        if (m_axi_wlast) begin busy <= 0; done <= 1; end
      end
    end
  end
endmodule
