"""Store stage: executes STORE instructions from the output buffer.

Per instruction: wait for a compute->store token if pop_prev, run the 2D store, then push a
store->compute token if push_prev."""

from amaranth.hdl import Module, Signal
from amaranth.lib import wiring
from amaranth.lib.wiring import In, Out

from .decode import mem_cmd
from .mem_engine import connect_write, write_client_members
from .stage import cmd_members, instruction_cycle
from .tensor_store import TensorStore


class Store(wiring.Component):
    def __init__(self, cfg):
        self.cfg = cfg
        members = cmd_members()
        members.update({"g2s_valid": In(1), "g2s_ready": Out(1),
                        "s2g_valid": Out(1), "s2g_ready": In(1), "out_base": In(32)})
        members.update(write_client_members("wr_"))
        members.update({"out_rd_en": Out(1), "out_rd_addr": Out(range(cfg.out_depth)),
                        "out_rd_data": In(cfg.out_bytes * 8)})
        super().__init__(members)

    def elaborate(self, platform):
        m = Module()
        cfg = self.cfg
        m.submodules.engine = eng = TensorStore(cfg.out_bytes // 8, cfg.out_depth)
        connect_write(m, self, eng, "wr_", "wr_")
        m.d.comb += [self.out_rd_en.eq(eng.rd_en), self.out_rd_addr.eq(eng.rd_addr),
                     eng.rd_data.eq(self.out_rd_data)]
        insn = Signal(128)
        mem_cmd(m, eng, insn, self.out_base)
        instruction_cycle(m, self, insn,
                          pops={"pop_prev": (self.g2s_valid, self.g2s_ready)},
                          pushes={"push_prev": (self.s2g_valid, self.s2g_ready)},
                          start=[eng.start.eq(1)], done=eng.done)
        return m
