"""Compute stage: uop loads, accumulator loads, GEMM, ALU and FINISH.

Per instruction: wait for the tokens it pops (pop_prev: load->compute, pop_next: store->compute),
execute, push the tokens it pushes (push_prev: compute->load, push_next: compute->store). FINISH
raises `finish` for one cycle once its pushes are done. Owns the uop and accumulator buffers."""

from amaranth.hdl import Module, Signal
from amaranth.lib import memory, wiring
from amaranth.lib.wiring import In, Out

from ..isa import MemType, Opcode
from .alu import TensorAlu
from .decode import field, mem_cmd
from .gemm import TensorGemm
from .mem_engine import connect_read, read_client_members
from .stage import cmd_members, instruction_cycle
from .tensor_load import TensorLoad, UopLoad
from .uop_seq import loop_members


class Compute(wiring.Component):
    def __init__(self, cfg):
        self.cfg = cfg
        members = cmd_members()
        members.update({
            "l2g_valid": In(1), "l2g_ready": Out(1), "s2g_valid": In(1), "s2g_ready": Out(1),
            "g2l_valid": Out(1), "g2l_ready": In(1), "g2s_valid": Out(1), "g2s_ready": In(1),
            "finish": Out(1), "uop_base": In(32), "acc_base": In(32),
            "inp_rd_addr": Out(range(cfg.inp_depth)), "inp_rd_data": In(cfg.inp_bytes * 8),
            "wgt_rd_addr": Out(range(cfg.wgt_depth)), "wgt_rd_data": In(cfg.wgt_bytes * 8),
            "out_wr_en": Out(1), "out_wr_addr": Out(range(cfg.out_depth)),
            "out_wr_data": Out(cfg.out_bytes * 8),
        })
        members.update(read_client_members("uop_rd_"))
        members.update(read_client_members("acc_rd_"))
        super().__init__(members)

    def elaborate(self, platform):
        m = Module()
        cfg = self.cfg
        acc_width = cfg.acc_bytes * 8
        m.submodules.uop_mem = uop_mem = memory.Memory(shape=32, depth=cfg.uop_depth, init=[])
        m.submodules.acc_mem = acc_mem = memory.Memory(shape=acc_width, depth=cfg.acc_depth, init=[])
        uop_wr = uop_mem.write_port()
        uop_rd = uop_mem.read_port()
        acc_wr = acc_mem.write_port(granularity=64)
        acc_rd = acc_mem.read_port(transparent_for=(acc_wr,))

        m.submodules.uop_load = uop_load = UopLoad(cfg.uop_depth)
        m.submodules.acc_load = acc_load = TensorLoad(cfg.acc_bytes // 8, cfg.acc_depth)
        m.submodules.gemm = gemm = TensorGemm(cfg)
        m.submodules.alu = alu = TensorAlu(cfg)
        connect_read(m, self, uop_load, "uop_rd_", "rd_")
        connect_read(m, self, acc_load, "acc_rd_", "rd_")

        insn = Signal(128)
        opcode = field(insn, "opcode")
        mem_type = field(insn, "mem_type")
        mem_cmd(m, uop_load, insn, self.uop_base)
        mem_cmd(m, acc_load, insn, self.acc_base)
        for name in loop_members():
            m.d.comb += getattr(gemm, name).eq(field(insn, name))
            if not name.startswith("wgt"):
                m.d.comb += getattr(alu, name).eq(field(insn, name))
        m.d.comb += [gemm.reset.eq(field(insn, "reset")), alu.alu_op.eq(field(insn, "alu_op")),
                     alu.use_imm.eq(field(insn, "use_imm")), alu.imm.eq(field(insn, "imm"))]

        is_uop = Signal()
        is_acc = Signal()
        is_gemm = Signal()
        is_alu = Signal()
        m.d.comb += [
            is_uop.eq((opcode == Opcode.LOAD) & (mem_type == MemType.UOP)),
            is_acc.eq((opcode == Opcode.LOAD) & (mem_type == MemType.ACC)),
            is_gemm.eq(opcode == Opcode.GEMM),
            is_alu.eq(opcode == Opcode.ALU),
        ]

        # buffer ports: uop/acc written by the loaders or the cores, read by the active core
        m.d.comb += [uop_wr.en.eq(uop_load.wr_en), uop_wr.addr.eq(uop_load.wr_addr),
                     uop_wr.data.eq(uop_load.wr_data),
                     self.inp_rd_addr.eq(gemm.inp_rd_addr), gemm.inp_rd_data.eq(self.inp_rd_data),
                     self.wgt_rd_addr.eq(gemm.wgt_rd_addr), gemm.wgt_rd_data.eq(self.wgt_rd_data)]
        for core in (gemm, alu):
            m.d.comb += [core.uop_rd_data.eq(uop_rd.data), core.acc_rd_data.eq(acc_rd.data)]
        n_lanes = acc_width // 64
        def owns_buffers(core):
            """The running core drives the uop read port, the acc ports and the out write port."""
            return [uop_rd.en.eq(core.uop_rd_en), uop_rd.addr.eq(core.uop_rd_addr),
                    acc_rd.addr.eq(core.acc_rd_addr),
                    acc_wr.en.eq(core.acc_wr_en.replicate(n_lanes)), acc_wr.addr.eq(core.acc_wr_addr),
                    acc_wr.data.eq(core.acc_wr_data),
                    self.out_wr_en.eq(core.out_wr_en), self.out_wr_addr.eq(core.out_wr_addr),
                    self.out_wr_data.eq(core.out_wr_data)]

        with m.If(is_alu):
            m.d.comb += owns_buffers(alu)
        with m.Elif(is_gemm):
            m.d.comb += owns_buffers(gemm)
        with m.Else():
            m.d.comb += [acc_wr.en.eq(acc_load.wr_lanes & acc_load.wr_en.replicate(n_lanes)),
                         acc_wr.addr.eq(acc_load.wr_addr), acc_wr.data.eq(acc_load.wr_data)]

        completes = instruction_cycle(
            m, self, insn,
            pops={"pop_prev": (self.l2g_valid, self.l2g_ready), "pop_next": (self.s2g_valid, self.s2g_ready)},
            pushes={"push_prev": (self.g2l_valid, self.g2l_ready), "push_next": (self.g2s_valid, self.g2s_ready)},
            start=[uop_load.start.eq(is_uop), acc_load.start.eq(is_acc), gemm.start.eq(is_gemm),
                   alu.start.eq(is_alu)],
            done=uop_load.done | acc_load.done | gemm.done | alu.done,
            executes=is_uop | is_acc | is_gemm | is_alu)   # FINISH, LOADs of other buffers: no work
        m.d.comb += self.finish.eq(completes & (opcode == Opcode.FINISH))
        return m
