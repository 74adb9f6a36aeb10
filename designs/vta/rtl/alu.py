"""16-lane (block_out-lane) int32 vector ALU (VTA's TensorAlu): MIN, MAX, ADD, SHR.

Pipeline: uop read -> index add and accumulator read(s) -> op and write back (acc and out buffers).
The accumulator buffer has one read port: with an immediate operand one op issues per cycle; with
two tensor operands an op reads acc[src] then acc[dst] and issues every other cycle."""

from amaranth.hdl import Cat, Module, Mux, Signal, signed
from amaranth.lib import wiring
from amaranth.lib.wiring import In, Out

from ..isa import AluOp
from .gemm import tensor_port_members
from .uop_seq import UopSequencer, loop_members


class TensorAlu(wiring.Component):
    def __init__(self, cfg):
        self.cfg = cfg
        members = loop_members()
        members.update({"start": In(1), "done": Out(1), "alu_op": In(3), "use_imm": In(1),
                        "imm": In(16)})
        members.update(tensor_port_members(cfg, with_wgt=False))
        super().__init__(members)

    def elaborate(self, platform):
        m = Module()
        cfg = self.cfg
        bo = cfg.block_out
        m.submodules.seq = seq = UopSequencer()
        for name in loop_members():
            if name.startswith("wgt"):
                continue
            m.d.comb += getattr(seq, name).eq(getattr(self, name))

        s1_valid = Signal()
        s1_phase = Signal()        # two-operand op: 0 = reading src, 1 = reading dst
        dst_off = Signal(16)
        src_off = Signal(16)
        s2_valid = Signal()
        s2_dst = Signal(16)
        b_reg = Signal(bo * 32)

        stall = Signal()
        m.d.comb += [stall.eq(s1_valid & ~self.use_imm & ~s1_phase),
                     seq.start.eq(self.start), seq.advance.eq(~stall),
                     self.uop_rd_en.eq(~stall), self.uop_rd_addr.eq(seq.uop)]
        with m.If(~stall):
            m.d.sync += [s1_valid.eq(seq.valid), s1_phase.eq(0), dst_off.eq(seq.dst), src_off.eq(seq.src)]
        with m.Else():
            m.d.sync += s1_phase.eq(1)
        # stage 1: indices and accumulator reads
        dst = Signal(16)
        src = Signal(16)
        m.d.comb += [dst.eq(dst_off + self.uop_rd_data[0:11]), src.eq(src_off + self.uop_rd_data[11:22]),
                     self.acc_rd_addr.eq(Mux(stall, src, dst))]
        with m.If(s1_valid & ~self.use_imm & s1_phase):
            m.d.sync += b_reg.eq(self.acc_rd_data)          # acc[src], read in phase 0
        m.d.sync += [s2_valid.eq(s1_valid & ~stall), s2_dst.eq(dst)]
        # stage 2: the operation
        imm = self.imm.as_signed()
        res = []
        for o in range(bo):
            a = Signal(signed(32), name=f"a_{o}")
            b = Signal(signed(32), name=f"b_{o}")
            m.d.comb += [a.eq(self.acc_rd_data[32 * o:32 * o + 32].as_signed()),
                         b.eq(Mux(self.use_imm, imm, b_reg[32 * o:32 * o + 32].as_signed()))]
            amt = Signal(signed(6), name=f"amt_{o}")
            shr = Signal(32, name=f"shr_{o}")
            shl = Signal(32, name=f"shl_{o}")
            m.d.comb += [amt.eq(b[:6]), shr.eq(a >> amt.as_unsigned()[:5]),
                         shl.eq(a << (-amt).as_unsigned()[:6])]
            r = Signal(32, name=f"r_{o}")
            with m.Switch(self.alu_op):
                with m.Case(AluOp.MIN):
                    m.d.comb += r.eq(Mux(a < b, a, b))
                with m.Case(AluOp.MAX):
                    m.d.comb += r.eq(Mux(a < b, b, a))
                with m.Case(AluOp.ADD):
                    m.d.comb += r.eq(a + b)
                with m.Default():
                    m.d.comb += r.eq(Mux(amt >= 0, shr, shl))
            res.append(r)
        m.d.comb += [
            self.acc_wr_en.eq(s2_valid), self.acc_wr_addr.eq(s2_dst), self.acc_wr_data.eq(Cat(*res)),
            self.out_wr_en.eq(s2_valid), self.out_wr_addr.eq(s2_dst),
            self.out_wr_data.eq(Cat(*[r[:8] for r in res])),
        ]
        running = Signal()
        with m.If(self.start):
            m.d.sync += running.eq(1)
        with m.Elif(running & ~seq.valid & ~s1_valid & ~s2_valid):
            m.d.sync += running.eq(0)
            m.d.comb += self.done.eq(1)
        return m
