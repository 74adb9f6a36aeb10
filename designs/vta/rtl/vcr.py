"""Control registers (VTA's VCR): launch/finish, cycle counter, instruction count, base addresses."""

from amaranth.hdl import Module, Signal
from amaranth.lib import wiring
from amaranth.lib.wiring import In, Out

# register offsets
CONTROL, CYCLES, INSN_COUNT = 0x00, 0x04, 0x08
BASES = ("insn_base", "uop_base", "inp_base", "wgt_base", "acc_base", "out_base")
BASE_OFFSETS = {name: 0x0C + 4 * i for i, name in enumerate(BASES)}


def host_port_members():
    """The host (control-register) port: one request channel (read or write) and a read response."""
    return {
        "host_req_valid": In(1), "host_req_ready": Out(1), "host_req_write": In(1),
        "host_req_addr": In(8), "host_req_wdata": In(32),
        "host_resp_valid": Out(1), "host_resp_rdata": Out(32),
    }


class ControlRegisters(wiring.Component):
    def __init__(self):
        members = host_port_members()
        members.update({"launch": Out(1), "finish": In(1), "insn_count": Out(32)})
        members.update({name: Out(32) for name in BASES})
        super().__init__(members)

    def elaborate(self, platform):
        m = Module()
        running = Signal()
        finished = Signal()
        cycles = Signal(32)
        regs = {INSN_COUNT: self.insn_count, **{BASE_OFFSETS[n]: getattr(self, n) for n in BASES}}

        m.d.comb += self.host_req_ready.eq(1)
        req = Signal()
        m.d.comb += req.eq(self.host_req_valid & self.host_req_ready)

        m.d.sync += [self.launch.eq(0), self.host_resp_valid.eq(0)]
        with m.If(running):
            m.d.sync += cycles.eq(cycles + 1)
        with m.If(self.finish):
            m.d.sync += [finished.eq(1), running.eq(0)]

        with m.If(req & self.host_req_write):
            with m.Switch(self.host_req_addr):
                with m.Case(CONTROL):
                    with m.If(self.host_req_wdata[0]):
                        m.d.sync += [self.launch.eq(1), running.eq(1), finished.eq(0), cycles.eq(0)]
                for off, reg in regs.items():
                    with m.Case(off):
                        m.d.sync += reg.eq(self.host_req_wdata)
        with m.If(req & ~self.host_req_write):
            m.d.sync += self.host_resp_valid.eq(1)
            with m.Switch(self.host_req_addr):
                with m.Case(CONTROL):
                    m.d.sync += self.host_resp_rdata.eq(finished << 1)
                with m.Case(CYCLES):
                    m.d.sync += self.host_resp_rdata.eq(cycles)
                for off, reg in regs.items():
                    with m.Case(off):
                        m.d.sync += self.host_resp_rdata.eq(reg)
                with m.Default():
                    m.d.sync += self.host_resp_rdata.eq(0)
        return m
