"""Pipelined GEMM core (VTA's TensorGemm): one uop iteration per cycle through
uop read -> index add + inp/wgt read -> products (registered) -> adder tree, one register per level
-> accumulator read-add-write. The accumulator is read one cycle before the dot products leave the
tree and written in the next cycle; the acc read port is transparent to the write port, so
back-to-back uops on the same accumulator see each other's result."""

from amaranth.hdl import Cat, Module, Mux, Signal, signed
from amaranth.lib import wiring
from amaranth.lib.wiring import In, Out

from .uop_seq import UopSequencer, loop_members


def tensor_port_members(cfg, with_wgt: bool):
    members = {
        "uop_rd_en": Out(1), "uop_rd_addr": Out(range(cfg.uop_depth)), "uop_rd_data": In(32),
        "acc_rd_addr": Out(range(cfg.acc_depth)), "acc_rd_data": In(cfg.block_out * cfg.acc_bits),
        "acc_wr_en": Out(1), "acc_wr_addr": Out(range(cfg.acc_depth)),
        "acc_wr_data": Out(cfg.block_out * cfg.acc_bits),
        "out_wr_en": Out(1), "out_wr_addr": Out(range(cfg.out_depth)),
        "out_wr_data": Out(cfg.block_out * cfg.out_bits),
    }
    if with_wgt:
        members.update({
            "inp_rd_addr": Out(range(cfg.inp_depth)), "inp_rd_data": In(cfg.block_in * cfg.inp_bits),
            "wgt_rd_addr": Out(range(cfg.wgt_depth)),
            "wgt_rd_data": In(cfg.block_out * cfg.block_in * cfg.wgt_bits),
        })
    return members


def tree_levels(n: int) -> int:
    return max(1, (n - 1).bit_length())


class TensorGemm(wiring.Component):
    def __init__(self, cfg):
        self.cfg = cfg
        members = loop_members()
        members.update({"start": In(1), "done": Out(1), "reset": In(1)})
        members.update(tensor_port_members(cfg, with_wgt=True))
        super().__init__(members)

    def elaborate(self, platform):
        m = Module()
        cfg = self.cfg
        bi, bo = cfg.block_in, cfg.block_out
        levels = tree_levels(bi)
        F = 3 + levels                       # stage at which the dot products are registered

        m.submodules.seq = seq = UopSequencer()
        for name in loop_members():
            m.d.comb += getattr(seq, name).eq(getattr(self, name))
        m.d.comb += [seq.start.eq(self.start), seq.advance.eq(1)]

        running = Signal()
        valid = [Signal(name=f"v{k}") for k in range(F + 1)]       # valid[k]: stage k holds an op
        dst = [Signal(16, name=f"dst{k}") for k in range(F + 1)]
        # stage 0: uop read
        m.d.comb += [valid[0].eq(seq.valid), self.uop_rd_en.eq(1), self.uop_rd_addr.eq(seq.uop)]
        src_off = Signal(16)
        wgt_off = Signal(16)
        dst_off = Signal(16)
        m.d.sync += [valid[1].eq(valid[0]), dst_off.eq(seq.dst), src_off.eq(seq.src), wgt_off.eq(seq.wgt)]
        # stage 1: index add, inp/wgt read
        u_dst, u_src, u_wgt = self.uop_rd_data[0:11], self.uop_rd_data[11:22], self.uop_rd_data[22:32]
        m.d.comb += [dst[1].eq(dst_off + u_dst), self.inp_rd_addr.eq(src_off + u_src),
                     self.wgt_rd_addr.eq(wgt_off + u_wgt)]
        for k in range(1, F):
            m.d.sync += [valid[k + 1].eq(valid[k]), dst[k + 1].eq(dst[k])]
        # stage 2: products, registered into stage 3
        level = []
        for o in range(bo):
            row = []
            for k in range(bi):
                a = self.inp_rd_data[8 * k:8 * k + 8].as_signed()
                w = self.wgt_rd_data[8 * (o * bi + k):8 * (o * bi + k) + 8].as_signed()
                p = Signal(signed(16), name=f"prod_{o}_{k}")
                m.d.sync += p.eq(a * w)
                row.append(p)
            level.append(row)
        # stages 3 .. F: adder tree, one register per level
        width = 16
        for lv in range(levels):
            width += 1
            nxt = []
            for o in range(bo):
                row = level[o]
                out = []
                for k in range(0, len(row), 2):
                    s = Signal(signed(width), name=f"sum{lv}_{o}_{k // 2}")
                    m.d.sync += s.eq(row[k] + row[k + 1] if k + 1 < len(row) else row[k])
                    out.append(s)
                nxt.append(out)
            level = nxt
        dots = [level[o][0] for o in range(bo)]
        # stage F-1: accumulator read; stage F: add and write back (acc and out buffers)
        m.d.comb += self.acc_rd_addr.eq(dst[F - 1])
        res = []
        for o in range(bo):
            acc = self.acc_rd_data[32 * o:32 * o + 32].as_signed()
            r = Signal(32, name=f"res_{o}")
            m.d.comb += r.eq(Mux(self.reset, 0, acc + dots[o]))
            res.append(r)
        m.d.comb += [
            self.acc_wr_en.eq(valid[F]), self.acc_wr_addr.eq(dst[F]), self.acc_wr_data.eq(Cat(*res)),
            self.out_wr_en.eq(valid[F]), self.out_wr_addr.eq(dst[F]),
            self.out_wr_data.eq(Cat(*[r[:8] for r in res])),
        ]
        busy = Signal()
        m.d.comb += busy.eq(seq.valid | Cat(*valid[1:]).any())
        with m.If(self.start):
            m.d.sync += running.eq(1)
        with m.Elif(running & ~busy):
            m.d.sync += running.eq(0)
            m.d.comb += self.done.eq(1)
        return m


