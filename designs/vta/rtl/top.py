"""vta_top: fetch, the three command queues, load, compute, store, the four dependence-token
queues, the input/weight/output buffers, the memory engine and the control registers."""

from amaranth.hdl import Module
from amaranth.lib import memory, wiring

from .compute import Compute
from .fetch import Fetch
from .load import Load
from .mem_engine import MemoryEngine, connect_read, connect_write, dram_port_members
from .queues import CommandQueue, TokenQueue
from .store import Store
from .vcr import ControlRegisters, host_port_members


class VTATop(wiring.Component):
    def __init__(self, cfg):
        self.cfg = cfg
        members = host_port_members()
        members.update(dram_port_members())
        super().__init__(members)

    def elaborate(self, platform):
        m = Module()
        cfg = self.cfg
        m.submodules.vcr = vcr = ControlRegisters()
        m.submodules.vme = vme = MemoryEngine()
        m.submodules.fetch = fetch = Fetch(cfg)
        m.submodules.load = load = Load(cfg)
        m.submodules.compute = compute = Compute(cfg)
        m.submodules.store = store = Store(cfg)
        qs = {}
        for name in ("ld", "cmp", "st"):
            m.submodules[f"{name}_queue"] = qs[name] = CommandQueue(cfg.cmd_queue_depth)
        tq = {}
        for name in ("l2g", "g2l", "g2s", "s2g"):
            m.submodules[f"{name}_queue"] = tq[name] = TokenQueue(cfg.token_queue_depth)

        # host port <-> control registers
        for name in host_port_members():
            if name in ("host_req_ready", "host_resp_valid", "host_resp_rdata"):
                m.d.comb += getattr(self, name).eq(getattr(vcr, name))
            else:
                m.d.comb += getattr(vcr, name).eq(getattr(self, name))
        # DRAM port <-> memory engine
        for name, member in dram_port_members().items():
            if member.flow == wiring.Out:
                m.d.comb += getattr(self, name).eq(getattr(vme, name))
            else:
                m.d.comb += getattr(vme, name).eq(getattr(self, name))

        m.d.comb += [fetch.launch.eq(vcr.launch), fetch.insn_count.eq(vcr.insn_count),
                     fetch.insn_base.eq(vcr.insn_base), vcr.finish.eq(compute.finish),
                     compute.uop_base.eq(vcr.uop_base), compute.acc_base.eq(vcr.acc_base),
                     load.inp_base.eq(vcr.inp_base), load.wgt_base.eq(vcr.wgt_base),
                     store.out_base.eq(vcr.out_base)]
        connect_read(m, vme, fetch, "fetch_", "rd_")
        connect_read(m, vme, compute, "uop_", "uop_rd_")
        connect_read(m, vme, load, "inp_", "inp_rd_")
        connect_read(m, vme, load, "wgt_", "wgt_rd_")
        connect_read(m, vme, compute, "acc_", "acc_rd_")
        connect_write(m, vme, store, "out_", "wr_")

        # fetch -> command queues -> stages
        for name, stage in (("ld", load), ("cmp", compute), ("st", store)):
            q = qs[name]
            m.d.comb += [q.enq_valid.eq(getattr(fetch, f"{name}_valid")), q.enq_data.eq(getattr(fetch, f"{name}_data")),
                         getattr(fetch, f"{name}_ready").eq(q.enq_ready),
                         stage.cmd_valid.eq(q.deq_valid), stage.cmd_data.eq(q.deq_data),
                         q.deq_ready.eq(stage.cmd_ready)]
        # dependence tokens: (queue, producer, consumer)
        for name, producer, consumer in (("l2g", load, compute), ("g2l", compute, load),
                                         ("g2s", compute, store), ("s2g", store, compute)):
            q = tq[name]
            m.d.comb += [q.enq_valid.eq(getattr(producer, f"{name}_valid")),
                         getattr(producer, f"{name}_ready").eq(q.enq_ready),
                         getattr(consumer, f"{name}_valid").eq(q.deq_valid),
                         q.deq_ready.eq(getattr(consumer, f"{name}_ready"))]

        # on-chip buffers shared between stages: inp/wgt (load -> compute), out (compute -> store)
        m.submodules.inp_mem = inp_mem = memory.Memory(shape=cfg.inp_bytes * 8, depth=cfg.inp_depth, init=[])
        m.submodules.wgt_mem = wgt_mem = memory.Memory(shape=cfg.wgt_bytes * 8, depth=cfg.wgt_depth, init=[])
        m.submodules.out_mem = out_mem = memory.Memory(shape=cfg.out_bytes * 8, depth=cfg.out_depth, init=[])
        for name, mem in (("inp", inp_mem), ("wgt", wgt_mem)):
            wp = mem.write_port(granularity=64)
            rp = mem.read_port()
            m.d.comb += [wp.en.eq(getattr(load, f"{name}_wr_lanes").replicate(1)
                                  & getattr(load, f"{name}_wr_en").replicate(len(wp.en))),
                         wp.addr.eq(getattr(load, f"{name}_wr_addr")),
                         wp.data.eq(getattr(load, f"{name}_wr_data")),
                         rp.addr.eq(getattr(compute, f"{name}_rd_addr")),
                         getattr(compute, f"{name}_rd_data").eq(rp.data)]
        out_wp = out_mem.write_port()
        out_rp = out_mem.read_port()
        m.d.comb += [out_wp.en.eq(compute.out_wr_en), out_wp.addr.eq(compute.out_wr_addr),
                     out_wp.data.eq(compute.out_wr_data),
                     out_rp.en.eq(store.out_rd_en), out_rp.addr.eq(store.out_rd_addr),
                     store.out_rd_data.eq(out_rp.data)]
        return m
