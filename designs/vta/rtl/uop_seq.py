"""Loop-nest index generator shared by GEMM and ALU: for i < iter_out, j < iter_in, u in
[uop_bgn, uop_end) it issues (u, dst/src/wgt offsets) one per cycle when `advance` is high.
Offsets are kept by addition (no multipliers): off = factor_out * i + factor_in * j."""

from amaranth.hdl import Module, Signal
from amaranth.lib import wiring
from amaranth.lib.wiring import In, Out


def loop_members():
    return {"uop_bgn": In(13), "uop_end": In(14), "iter_out": In(14), "iter_in": In(14),
            "dst_factor_out": In(11), "dst_factor_in": In(11),
            "src_factor_out": In(11), "src_factor_in": In(11),
            "wgt_factor_out": In(10), "wgt_factor_in": In(10)}


class UopSequencer(wiring.Component):
    def __init__(self):
        members = loop_members()
        members.update({"start": In(1), "advance": In(1), "valid": Out(1),
                        "uop": Out(14), "dst": Out(16), "src": Out(16), "wgt": Out(16)})
        super().__init__(members)

    def elaborate(self, platform):
        m = Module()
        i = Signal(14)
        j = Signal(14)
        offs = ("dst", "src", "wgt")
        base = {k: Signal(16, name=f"{k}_i") for k in offs}      # factor_out * i
        u = self.uop
        last_u = Signal()
        last_j = Signal()
        last_i = Signal()
        m.d.comb += [last_u.eq(u + 1 >= self.uop_end), last_j.eq(j + 1 >= self.iter_in),
                     last_i.eq(i + 1 >= self.iter_out)]
        with m.If(self.start):
            empty = (self.iter_out == 0) | (self.iter_in == 0) | (self.uop_end <= self.uop_bgn)
            m.d.sync += [self.valid.eq(~empty), u.eq(self.uop_bgn), i.eq(0), j.eq(0)]
            m.d.sync += [getattr(self, k).eq(0) for k in offs] + [base[k].eq(0) for k in offs]
        with m.Elif(self.valid & self.advance):
            with m.If(~last_u):
                m.d.sync += u.eq(u + 1)
            with m.Else():
                m.d.sync += u.eq(self.uop_bgn)
                with m.If(~last_j):
                    m.d.sync += j.eq(j + 1)
                    m.d.sync += [getattr(self, k).eq(getattr(self, k) + getattr(self, f"{k}_factor_in"))
                                 for k in offs]
                with m.Else():
                    m.d.sync += j.eq(0)
                    with m.If(~last_i):
                        m.d.sync += i.eq(i + 1)
                        for k in offs:
                            nxt = Signal(16, name=f"{k}_next_i")
                            m.d.comb += nxt.eq(base[k] + getattr(self, f"{k}_factor_out"))
                            m.d.sync += [base[k].eq(nxt), getattr(self, k).eq(nxt)]
                    with m.Else():
                        m.d.sync += self.valid.eq(0)
        return m
