"""Load stage: executes LOAD instructions of the input and weight buffers.

Per instruction: wait for a compute->load token if pop_next, run the 2D load, then push a
load->compute token if push_next."""

from amaranth.hdl import Module, Signal
from amaranth.lib import wiring
from amaranth.lib.wiring import In, Out

from ..isa import MemType
from .decode import field, mem_cmd
from .mem_engine import connect_read, read_client_members
from .stage import cmd_members, instruction_cycle
from .tensor_load import TensorLoad


class Load(wiring.Component):
    def __init__(self, cfg):
        self.cfg = cfg
        members = cmd_members()
        members.update({"g2l_valid": In(1), "g2l_ready": Out(1),       # compute -> load tokens (pop)
                        "l2g_valid": Out(1), "l2g_ready": In(1),       # load -> compute tokens (push)
                        "inp_base": In(32), "wgt_base": In(32)})
        members.update(read_client_members("inp_rd_"))
        members.update(read_client_members("wgt_rd_"))
        ib, wb = cfg.inp_bytes // 8, cfg.wgt_bytes // 8
        members.update({"inp_wr_en": Out(1), "inp_wr_addr": Out(range(cfg.inp_depth)),
                        "inp_wr_lanes": Out(ib), "inp_wr_data": Out(64 * ib),
                        "wgt_wr_en": Out(1), "wgt_wr_addr": Out(range(cfg.wgt_depth)),
                        "wgt_wr_lanes": Out(wb), "wgt_wr_data": Out(64 * wb)})
        super().__init__(members)

    def elaborate(self, platform):
        m = Module()
        cfg = self.cfg
        m.submodules.inp = inp = TensorLoad(cfg.inp_bytes // 8, cfg.inp_depth)
        m.submodules.wgt = wgt = TensorLoad(cfg.wgt_bytes // 8, cfg.wgt_depth)
        connect_read(m, self, inp, "inp_rd_", "rd_")
        connect_read(m, self, wgt, "wgt_rd_", "rd_")
        for name, eng in (("inp", inp), ("wgt", wgt)):
            for s in ("en", "addr", "lanes", "data"):
                m.d.comb += getattr(self, f"{name}_wr_{s}").eq(getattr(eng, f"wr_{s}"))

        insn = Signal(128)
        is_wgt = Signal()
        m.d.comb += is_wgt.eq(field(insn, "mem_type") == MemType.WGT)
        mem_cmd(m, inp, insn, self.inp_base)
        mem_cmd(m, wgt, insn, self.wgt_base)
        instruction_cycle(m, self, insn,
                          pops={"pop_next": (self.g2l_valid, self.g2l_ready)},
                          pushes={"push_next": (self.l2g_valid, self.l2g_ready)},
                          start=[wgt.start.eq(is_wgt), inp.start.eq(~is_wgt)],
                          done=inp.done | wgt.done)
        return m
