"""2D strided DRAM -> SRAM copy with zero padding (VTA's TensorLoad), and the uop loader."""

from amaranth.hdl import Module, Mux, Signal
from amaranth.lib import wiring
from amaranth.lib.wiring import In, Out

from ..config import BUS_BYTES, MAX_BURST
from .mem_engine import read_client_members


def mem_cmd_members():
    return {"start": In(1), "done": Out(1), "base": In(32), "dram_base": In(32), "sram_base": In(16),
            "y_size": In(16), "x_size": In(16), "x_stride": In(16),
            "y_pad_0": In(4), "y_pad_1": In(4), "x_pad_0": In(4), "x_pad_1": In(4)}


def log2(n: int) -> int:
    assert n & (n - 1) == 0
    return n.bit_length() - 1


class TensorLoad(wiring.Component):
    """Copies y_size rows of x_size elements (row pitch x_stride elements) from DRAM into consecutive
    buffer entries starting at sram_base, inserting y_pad_0/y_pad_1 rows and x_pad_0/x_pad_1 columns of
    zeros. An element is `elem_beats` 64-bit beats; the buffer is written one beat lane at a time (data)
    or one whole element per cycle (padding). Each row is fetched in bursts of up to 16 beats, one
    burst outstanding at a time."""

    def __init__(self, elem_beats: int, depth: int):
        self.elem_beats, self.depth = elem_beats, depth
        members = mem_cmd_members()
        members.update(read_client_members("rd_"))
        members.update({"wr_en": Out(1), "wr_addr": Out(range(depth)), "wr_lanes": Out(elem_beats),
                        "wr_data": Out(64 * elem_beats)})
        super().__init__(members)

    def elaborate(self, platform):
        m = Module()
        eb = self.elem_beats
        ebytes_log = log2(eb * BUS_BYTES)
        y = Signal(16)
        y_total = Signal(16)
        y_data_end = Signal(16)
        xcnt = Signal(16)
        x_size = Signal(16)
        x_stride = Signal(16)
        y_pad_0 = Signal(4)
        x_pad_1 = Signal(4)
        sidx = Signal(16)
        row_addr = Signal(32)
        req_addr = Signal(32)
        beats_left = Signal(20)
        lane = Signal(range(max(eb, 2)))
        burst = Signal(range(MAX_BURST + 1))

        m.d.comb += [burst.eq(Mux(beats_left > MAX_BURST, MAX_BURST, beats_left)),
                     self.wr_addr.eq(sidx)]

        def write_zero():
            m.d.comb += [self.wr_en.eq(1), self.wr_lanes.eq((1 << eb) - 1), self.wr_data.eq(0)]
            m.d.sync += [sidx.eq(sidx + 1), xcnt.eq(xcnt - 1)]

        with m.FSM():
            with m.State("IDLE"):
                with m.If(self.start):
                    m.d.sync += [
                        y.eq(0), sidx.eq(self.sram_base),
                        y_total.eq(self.y_pad_0 + self.y_size + self.y_pad_1),
                        y_data_end.eq(self.y_pad_0 + self.y_size),
                        x_size.eq(self.x_size), x_stride.eq(self.x_stride),
                        y_pad_0.eq(self.y_pad_0), x_pad_1.eq(self.x_pad_1),
                        row_addr.eq(self.base + (self.dram_base << ebytes_log)),
                        xcnt.eq(self.x_pad_0),
                    ]
                    m.next = "ROW"
            with m.State("ROW"):
                with m.If(y == y_total):
                    m.d.comb += self.done.eq(1)
                    m.next = "IDLE"
                with m.Elif((y < y_pad_0) | (y >= y_data_end)):
                    m.d.sync += xcnt.eq(xcnt + x_size + x_pad_1)   # whole padded row of zeros
                    m.next = "PAD_ROW"
                with m.Else():
                    m.next = "PAD0"
            with m.State("PAD_ROW"):
                with m.If(xcnt == 0):
                    m.d.sync += [y.eq(y + 1), xcnt.eq(self.x_pad_0)]
                    m.next = "ROW"
                with m.Else():
                    write_zero()
            with m.State("PAD0"):
                with m.If(xcnt == 0):
                    m.d.sync += [beats_left.eq(x_size << log2(eb)), req_addr.eq(row_addr), lane.eq(0)]
                    m.next = "RCMD"
                with m.Else():
                    write_zero()
            with m.State("RCMD"):
                m.d.comb += [self.rd_req_valid.eq(1), self.rd_req_addr.eq(req_addr),
                             self.rd_req_len.eq(burst - 1)]
                with m.If(self.rd_req_ready):
                    m.d.sync += [beats_left.eq(beats_left - burst),
                                 req_addr.eq(req_addr + MAX_BURST * BUS_BYTES)]
                    m.next = "RDATA"
            with m.State("RDATA"):
                m.d.comb += self.rd_data_ready.eq(1)
                with m.If(self.rd_data_valid):
                    m.d.comb += [self.wr_en.eq(1), self.wr_lanes.eq(1 << lane),
                                 self.wr_data.eq(self.rd_data.replicate(eb))]
                    if eb == 1:
                        m.d.sync += sidx.eq(sidx + 1)
                    else:
                        with m.If(lane == eb - 1):
                            m.d.sync += [lane.eq(0), sidx.eq(sidx + 1)]
                        with m.Else():
                            m.d.sync += lane.eq(lane + 1)
                    with m.If(self.rd_data_last):
                        with m.If(beats_left == 0):
                            m.d.sync += xcnt.eq(x_pad_1)
                            m.next = "PAD1"
                        with m.Else():
                            m.next = "RCMD"
            with m.State("PAD1"):
                with m.If(xcnt == 0):
                    m.d.sync += [y.eq(y + 1), xcnt.eq(self.x_pad_0),
                                 row_addr.eq(row_addr + (x_stride << ebytes_log))]
                    m.next = "ROW"
                with m.Else():
                    write_zero()
        return m


class UopLoad(wiring.Component):
    """Loads x_size 32-bit uops (1D) from DRAM into the uop buffer at sram_base. Uops are half a
    beat: each beat is written in two cycles (low, then high half), the data channel held by ready."""

    def __init__(self, depth: int):
        self.depth = depth
        members = mem_cmd_members()
        members.update(read_client_members("rd_"))
        members.update({"wr_en": Out(1), "wr_addr": Out(range(depth)), "wr_data": Out(32)})
        super().__init__(members)

    def elaborate(self, platform):
        m = Module()
        pos = Signal(17)         # uop position within the beat-aligned range
        first = Signal(17)       # 1 if the first uop is in the high half of its beat
        end = Signal(17)
        sram_base = Signal(16)
        req_addr = Signal(32)
        beats_left = Signal(17)
        burst = Signal(range(MAX_BURST + 1))
        byte_addr = Signal(32)
        m.d.comb += [burst.eq(Mux(beats_left > MAX_BURST, MAX_BURST, beats_left)),
                     byte_addr.eq(self.base + (self.dram_base << 2))]
        in_range = Signal()
        m.d.comb += [in_range.eq((pos >= first) & (pos < end)),
                     self.wr_addr.eq(sram_base + pos - first)]

        with m.FSM():
            with m.State("IDLE"):
                with m.If(self.start):
                    m.d.sync += [
                        pos.eq(0), first.eq(byte_addr[2]), end.eq(byte_addr[2] + self.x_size),
                        sram_base.eq(self.sram_base), req_addr.eq(byte_addr & ~7),
                        beats_left.eq((byte_addr[2] + self.x_size + 1) >> 1),
                    ]
                    m.next = "RCMD"
            with m.State("RCMD"):
                with m.If(beats_left == 0):
                    m.d.comb += self.done.eq(1)
                    m.next = "IDLE"
                with m.Else():
                    m.d.comb += [self.rd_req_valid.eq(1), self.rd_req_addr.eq(req_addr),
                                 self.rd_req_len.eq(burst - 1)]
                    with m.If(self.rd_req_ready):
                        m.d.sync += [beats_left.eq(beats_left - burst),
                                     req_addr.eq(req_addr + MAX_BURST * BUS_BYTES)]
                        m.next = "LO"
            with m.State("LO"):
                with m.If(self.rd_data_valid):
                    m.d.comb += [self.wr_en.eq(in_range), self.wr_data.eq(self.rd_data[:32])]
                    m.d.sync += pos.eq(pos + 1)
                    m.next = "HI"
            with m.State("HI"):
                m.d.comb += [self.rd_data_ready.eq(1), self.wr_en.eq(in_range),
                             self.wr_data.eq(self.rd_data[32:])]
                m.d.sync += pos.eq(pos + 1)
                with m.If(self.rd_data_last):
                    m.next = "RCMD"
                with m.Else():
                    m.next = "LO"
        return m
