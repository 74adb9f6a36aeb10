"""Fetch: reads `insn_count` instructions from DRAM and dispatches them to the three command queues."""

from amaranth.hdl import Cat, Module, Mux, Signal
from amaranth.lib import fifo, wiring
from amaranth.lib.wiring import In, Out

from ..config import INSN_BYTES, MAX_BURST
from ..isa import MemType, Opcode
from .mem_engine import read_client_members

INSNS_PER_BURST = MAX_BURST * 8 // INSN_BYTES   # 8 instructions of two beats


class Fetch(wiring.Component):
    def __init__(self, cfg):
        self.cfg = cfg
        assert cfg.insn_queue_depth >= INSNS_PER_BURST
        members = {"launch": In(1), "insn_count": In(32), "insn_base": In(32)}
        members.update(read_client_members("rd_"))
        for q in ("ld", "cmp", "st"):
            members.update({f"{q}_valid": Out(1), f"{q}_ready": In(1), f"{q}_data": Out(128)})
        super().__init__(members)

    def elaborate(self, platform):
        m = Module()
        m.submodules.buf = buf = fifo.SyncFIFOBuffered(width=128, depth=self.cfg.insn_queue_depth)

        left = Signal(32)          # instructions still to request
        addr = Signal(32)
        burst = Signal(range(INSNS_PER_BURST + 1))
        lo = Signal(64)
        hi_beat = Signal()

        m.d.comb += burst.eq(Mux(left > INSNS_PER_BURST, INSNS_PER_BURST, left))
        with m.FSM():
            with m.State("IDLE"):
                with m.If(self.launch):
                    m.d.sync += [left.eq(self.insn_count), addr.eq(self.insn_base)]
                    m.next = "REQ"
            with m.State("REQ"):
                with m.If(left == 0):
                    m.next = "IDLE"
                with m.Elif(buf.level + burst <= self.cfg.insn_queue_depth):
                    m.d.comb += [self.rd_req_valid.eq(1), self.rd_req_addr.eq(addr),
                                 self.rd_req_len.eq((burst << 1) - 1)]
                    with m.If(self.rd_req_ready):
                        m.d.sync += [left.eq(left - burst), addr.eq(addr + (burst << 4)), hi_beat.eq(0)]
                        m.next = "DATA"
            with m.State("DATA"):
                # the buffer had room for the whole burst when it was requested: always ready
                m.d.comb += self.rd_data_ready.eq(1)
                with m.If(self.rd_data_valid):
                    m.d.sync += [lo.eq(self.rd_data), hi_beat.eq(~hi_beat)]
                    with m.If(hi_beat):
                        m.d.comb += [buf.w_en.eq(1), buf.w_data.eq(Cat(lo, self.rd_data))]
                    with m.If(self.rd_data_last):
                        m.next = "REQ"

        # dispatch the head instruction to its queue
        opcode = buf.r_data[0:3]
        mem_type = buf.r_data[7:10]
        to_ld = Signal()
        to_st = Signal()
        to_cmp = Signal()
        m.d.comb += [
            to_st.eq(opcode == Opcode.STORE),
            to_ld.eq((opcode == Opcode.LOAD) & ((mem_type == MemType.INP) | (mem_type == MemType.WGT))),
            to_cmp.eq(~to_st & ~to_ld),
            self.ld_data.eq(buf.r_data), self.cmp_data.eq(buf.r_data), self.st_data.eq(buf.r_data),
            self.ld_valid.eq(buf.r_rdy & to_ld),
            self.st_valid.eq(buf.r_rdy & to_st),
            self.cmp_valid.eq(buf.r_rdy & to_cmp),
            buf.r_en.eq((to_ld & self.ld_ready) | (to_st & self.st_ready) | (to_cmp & self.cmp_ready)),
        ]
        return m

