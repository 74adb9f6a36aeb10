"""Command queues (instruction FIFOs) and dependence-token queues."""

from amaranth.hdl import Module, Signal
from amaranth.lib import fifo, wiring
from amaranth.lib.wiring import In, Out


class CommandQueue(wiring.Component):
    """A FIFO of 128-bit instructions between fetch and one of load/compute/store (valid/ready both sides)."""

    def __init__(self, depth: int, width: int = 128):
        self.depth, self.width = depth, width
        super().__init__({
            "enq_valid": In(1), "enq_ready": Out(1), "enq_data": In(width),
            "deq_valid": Out(1), "deq_ready": In(1), "deq_data": Out(width),
        })

    def elaborate(self, platform):
        m = Module()
        m.submodules.fifo = q = fifo.SyncFIFOBuffered(width=self.width, depth=self.depth)
        m.d.comb += [
            q.w_data.eq(self.enq_data), q.w_en.eq(self.enq_valid), self.enq_ready.eq(q.w_rdy),
            self.deq_data.eq(q.r_data), self.deq_valid.eq(q.r_rdy), q.r_en.eq(self.deq_ready),
        ]
        return m


class TokenQueue(wiring.Component):
    """A queue of dependence tokens between two stages.

    Tokens carry no data, so the FIFO reduces to an occupancy counter: enqueue is ready while fewer
    than `depth` tokens wait, dequeue is valid while at least one waits (VTA's semaphores behave so).
    """

    def __init__(self, depth: int):
        self.depth = depth
        super().__init__({
            "enq_valid": In(1), "enq_ready": Out(1),
            "deq_valid": Out(1), "deq_ready": In(1),
        })

    def elaborate(self, platform):
        m = Module()
        count = Signal(range(self.depth + 1))
        enq = Signal()
        deq = Signal()
        m.d.comb += [
            self.enq_ready.eq(count != self.depth),
            self.deq_valid.eq(count != 0),
            enq.eq(self.enq_valid & self.enq_ready),
            deq.eq(self.deq_valid & self.deq_ready),
        ]
        with m.If(enq & ~deq):
            m.d.sync += count.eq(count + 1)
        with m.Elif(deq & ~enq):
            m.d.sync += count.eq(count - 1)
        return m
