"""Memory engine (VTA's VME): arbitrates the DRAM read clients and the write client over one port.

DRAM port (all valid/ready):
  rd_req  : addr (byte, 64-bit aligned), len (beats - 1, up to 16 beats), tag (client id)
  rd_data : data (64 b), tag, last         -- returned in request order, routed to a client by tag
  wr_req  : addr, len (beats - 1)
  wr_data : data, strb (8 b), last
  wr_resp : one per write request
Read requests are granted by fixed priority (client 0 first), like VTA's VME arbiter; several
read requests may be outstanding, each client keeps at most one.
"""

from amaranth.hdl import Module
from amaranth.lib import wiring
from amaranth.lib.wiring import In, Out

ADDR_BITS = 32
DATA_BITS = 64
LEN_BITS = 4
TAG_BITS = 3

READ_CLIENTS = ("fetch", "uop", "inp", "wgt", "acc")   # priority order, index = tag


def dram_port_members():
    return {
        "dram_rd_req_valid": Out(1), "dram_rd_req_ready": In(1), "dram_rd_req_addr": Out(ADDR_BITS),
        "dram_rd_req_len": Out(LEN_BITS), "dram_rd_req_tag": Out(TAG_BITS),
        "dram_rd_data_valid": In(1), "dram_rd_data_ready": Out(1), "dram_rd_data_data": In(DATA_BITS),
        "dram_rd_data_tag": In(TAG_BITS), "dram_rd_data_last": In(1),
        "dram_wr_req_valid": Out(1), "dram_wr_req_ready": In(1), "dram_wr_req_addr": Out(ADDR_BITS),
        "dram_wr_req_len": Out(LEN_BITS),
        "dram_wr_data_valid": Out(1), "dram_wr_data_ready": In(1), "dram_wr_data_data": Out(DATA_BITS),
        "dram_wr_data_strb": Out(DATA_BITS // 8), "dram_wr_data_last": Out(1),
        "dram_wr_resp_valid": In(1), "dram_wr_resp_ready": Out(1),
    }


def read_client_members(prefix: str, flip: bool = False):
    """Signals of one read client as seen by the client (flip=True: as seen by the engine)."""
    o, i = (In, Out) if flip else (Out, In)
    return {
        f"{prefix}req_valid": o(1), f"{prefix}req_ready": i(1), f"{prefix}req_addr": o(ADDR_BITS),
        f"{prefix}req_len": o(LEN_BITS),
        f"{prefix}data_valid": i(1), f"{prefix}data_ready": o(1), f"{prefix}data": i(DATA_BITS),
        f"{prefix}data_last": i(1),
    }


def write_client_members(prefix: str, flip: bool = False):
    o, i = (In, Out) if flip else (Out, In)
    return {
        f"{prefix}req_valid": o(1), f"{prefix}req_ready": i(1), f"{prefix}req_addr": o(ADDR_BITS),
        f"{prefix}req_len": o(LEN_BITS),
        f"{prefix}data_valid": o(1), f"{prefix}data_ready": i(1), f"{prefix}data": o(DATA_BITS),
        f"{prefix}data_last": o(1),
        f"{prefix}resp_valid": i(1), f"{prefix}resp_ready": o(1),
    }


def connect_read(m, engine, client, eng_prefix, cli_prefix="rd_"):
    """Wire a client's read signals to the engine's client slot."""
    for suffix in ("req_valid", "req_addr", "req_len", "data_ready"):
        m.d.comb += getattr(engine, eng_prefix + suffix).eq(getattr(client, cli_prefix + suffix))
    for suffix in ("req_ready", "data_valid", "data_last"):
        m.d.comb += getattr(client, cli_prefix + suffix).eq(getattr(engine, eng_prefix + suffix))
    m.d.comb += getattr(client, cli_prefix + "data").eq(getattr(engine, eng_prefix + "data"))


def connect_write(m, engine, client, eng_prefix, cli_prefix="wr_"):
    for suffix in ("req_valid", "req_addr", "req_len", "data_valid", "data", "data_last", "resp_ready"):
        m.d.comb += getattr(engine, eng_prefix + suffix).eq(getattr(client, cli_prefix + suffix))
    for suffix in ("req_ready", "data_ready", "resp_valid"):
        m.d.comb += getattr(client, cli_prefix + suffix).eq(getattr(engine, eng_prefix + suffix))


class MemoryEngine(wiring.Component):
    def __init__(self, read_clients=READ_CLIENTS):
        self.read_clients = read_clients
        members = dram_port_members()
        for name in read_clients:
            members.update(read_client_members(f"{name}_", flip=True))
        members.update(write_client_members("out_", flip=True))
        super().__init__(members)

    def elaborate(self, platform):
        m = Module()
        # read requests: fixed-priority grant, passed through with the client index as tag
        first = True
        for tag, name in enumerate(self.read_clients):
            valid = getattr(self, f"{name}_req_valid")
            cond = m.If(valid) if first else m.Elif(valid)
            with cond:
                m.d.comb += [
                    self.dram_rd_req_valid.eq(1),
                    self.dram_rd_req_addr.eq(getattr(self, f"{name}_req_addr")),
                    self.dram_rd_req_len.eq(getattr(self, f"{name}_req_len")),
                    self.dram_rd_req_tag.eq(tag),
                    getattr(self, f"{name}_req_ready").eq(self.dram_rd_req_ready),
                ]
            first = False
        # read data: routed by tag
        with m.Switch(self.dram_rd_data_tag):
            for tag, name in enumerate(self.read_clients):
                with m.Case(tag):
                    m.d.comb += [
                        getattr(self, f"{name}_data_valid").eq(self.dram_rd_data_valid),
                        self.dram_rd_data_ready.eq(getattr(self, f"{name}_data_ready")),
                    ]
        for name in self.read_clients:
            m.d.comb += [getattr(self, f"{name}_data").eq(self.dram_rd_data_data),
                         getattr(self, f"{name}_data_last").eq(self.dram_rd_data_last)]
        # the single write client (store)
        m.d.comb += [
            self.dram_wr_req_valid.eq(self.out_req_valid), self.out_req_ready.eq(self.dram_wr_req_ready),
            self.dram_wr_req_addr.eq(self.out_req_addr), self.dram_wr_req_len.eq(self.out_req_len),
            self.dram_wr_data_valid.eq(self.out_data_valid), self.out_data_ready.eq(self.dram_wr_data_ready),
            self.dram_wr_data_data.eq(self.out_data), self.dram_wr_data_last.eq(self.out_data_last),
            self.dram_wr_data_strb.eq(0xFF),
            self.out_resp_valid.eq(self.dram_wr_resp_valid), self.dram_wr_resp_ready.eq(self.out_resp_ready),
        ]
        return m
