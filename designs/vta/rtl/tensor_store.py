"""2D strided SRAM -> DRAM copy (VTA's TensorStore) from the output buffer."""

from amaranth.hdl import Array, Module, Mux, Signal
from amaranth.lib import wiring
from amaranth.lib.wiring import In, Out

from ..config import BUS_BYTES, MAX_BURST
from .mem_engine import write_client_members
from .tensor_load import log2, mem_cmd_members


class TensorStore(wiring.Component):
    """Writes y_size rows of x_size buffer entries (from sram_base on) to DRAM rows x_stride elements
    apart. Per burst: write request, data beats (each element read from the buffer in one cycle, then
    sent beat by beat), then wait for the write response."""

    def __init__(self, elem_beats: int, depth: int):
        self.elem_beats, self.depth = elem_beats, depth
        assert MAX_BURST % elem_beats == 0
        members = mem_cmd_members()
        members.update(write_client_members("wr_"))
        members.update({"rd_en": Out(1), "rd_addr": Out(range(depth)), "rd_data": In(64 * elem_beats)})
        super().__init__(members)

    def elaborate(self, platform):
        m = Module()
        eb = self.elem_beats
        ebytes_log = log2(eb * BUS_BYTES)
        y = Signal(16)
        y_size = Signal(16)
        x_size = Signal(16)
        x_stride = Signal(16)
        sidx = Signal(16)
        row_addr = Signal(32)
        req_addr = Signal(32)
        beats_left = Signal(20)
        burst_left = Signal(range(MAX_BURST + 1))
        lane = Signal(range(max(eb, 2)))
        burst = Signal(range(MAX_BURST + 1))
        m.d.comb += [burst.eq(Mux(beats_left > MAX_BURST, MAX_BURST, beats_left)),
                     self.rd_addr.eq(sidx),
                     self.wr_data.eq(Array(self.rd_data[64 * k:64 * k + 64] for k in range(eb))[lane]
                                     if eb > 1 else self.rd_data)]

        with m.FSM():
            with m.State("IDLE"):
                with m.If(self.start):
                    m.d.sync += [y.eq(0), sidx.eq(self.sram_base), y_size.eq(self.y_size),
                                 x_size.eq(self.x_size), x_stride.eq(self.x_stride),
                                 row_addr.eq(self.base + (self.dram_base << ebytes_log))]
                    m.next = "ROW"
            with m.State("ROW"):
                with m.If(y == y_size):
                    m.d.comb += self.done.eq(1)
                    m.next = "IDLE"
                with m.Else():
                    m.d.sync += [beats_left.eq(x_size << log2(eb)), req_addr.eq(row_addr)]
                    m.next = "WCMD"
            with m.State("WCMD"):
                m.d.comb += [self.wr_req_valid.eq(1), self.wr_req_addr.eq(req_addr),
                             self.wr_req_len.eq(burst - 1)]
                with m.If(self.wr_req_ready):
                    m.d.sync += [beats_left.eq(beats_left - burst), burst_left.eq(burst),
                                 req_addr.eq(req_addr + MAX_BURST * BUS_BYTES), lane.eq(0)]
                    m.next = "READ"
            with m.State("READ"):
                m.d.comb += self.rd_en.eq(1)
                m.next = "WDATA"
            with m.State("WDATA"):
                m.d.comb += [self.wr_data_valid.eq(1), self.wr_data_last.eq(burst_left == 1)]
                with m.If(self.wr_data_ready):
                    m.d.sync += burst_left.eq(burst_left - 1)
                    last_lane = (lane == eb - 1) if eb > 1 else True
                    with m.If(last_lane):
                        m.d.sync += [lane.eq(0), sidx.eq(sidx + 1)]
                        with m.If(burst_left == 1):
                            m.next = "WACK"
                        with m.Else():
                            m.next = "READ"
                    with m.Else():
                        m.d.sync += lane.eq(lane + 1)
            with m.State("WACK"):
                m.d.comb += self.wr_resp_ready.eq(1)
                with m.If(self.wr_resp_valid):
                    with m.If(beats_left == 0):
                        m.d.sync += [y.eq(y + 1), row_addr.eq(row_addr + (x_stride << ebytes_log))]
                        m.next = "ROW"
                    with m.Else():
                        m.next = "WCMD"
        return m
