"""designs/vta end to end under Verilator + cocotb on the tiny configuration: every workload kind
bit for bit against NumPy, the dependence-token protocol, and hang detection."""

import copy

import pytest

from designs.vta import isa
from designs.vta.config import CONFIGS
from designs.vta.isa import AluOp
from designs.vta.programs.alu import alu_program
from designs.vta.programs.conv import conv2d
from designs.vta.programs.matmul import matmul
from designs.vta.tests.helpers import CocotbModel
from designs.vta.workloads import WORKLOADS, get_workload

# one worker builds the module's models once (pytest-xdist --dist loadgroup)
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("vta-sim")]  # a cocotb build and every workload of tiny VTA

TINY = CONFIGS["tiny"]


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    return CocotbModel("tiny", tmp_path_factory.mktemp("vta_tiny"))


def assert_ok(res):
    assert res["passed"], res
    assert not res["timeout"] and res["match"], res
    assert res["cycles"] > 0


@pytest.mark.parametrize("name", list(WORKLOADS))
def test_workload(tiny, name):
    assert_ok(tiny.run(get_workload(name, TINY)))


def test_matmul_multi_tile_k_steps(tiny):
    """Several m/n tiles and k-steps: both inp/wgt slots and both acc/out slots are reused."""
    prog = matmul(TINY, 32, 64, 24, ops=[(AluOp.SHR, 5), (AluOp.MAX, 0)], tiles=(8, 2, 1), seed=3)
    assert prog.meta["tiles"] == (8, 2, 1)
    assert_ok(tiny.run(prog))


def test_conv_row_tiles_with_padding(tiny):
    """Row tiles of 2: top and bottom tiles take their zero rows from y_pad, all from x_pad."""
    prog = conv2d(TINY, 8, 8, 16, 16, ops=[(AluOp.SHR, 6), (AluOp.MAX, 0)], tiles=(2, 1, 1), seed=4)
    pads = [(i.y_pad_0, i.y_pad_1) for i in prog.insns if i.opcode == isa.Opcode.LOAD and i.mem_type == isa.MemType.INP]
    assert (1, 0) in pads and (0, 1) in pads and (0, 0) in pads
    assert_ok(tiny.run(prog))


def test_alu_all_ops_tensor_and_immediate(tiny):
    """MIN/MAX/ADD/SHR with tensor operands (SHR by negative amounts shifts left) and immediates."""
    ops = [(AluOp.MIN, None), (AluOp.MAX, None), (AluOp.SHR, None), (AluOp.SHR, -3), (AluOp.ADD, -77),
           (AluOp.MAX, -5000), (AluOp.MIN, 90000 % 32768)]
    prog = alu_program(TINY, 96, ops, residual=True, seed=5, name="alu-mix", value_range=1 << 20)
    assert_ok(tiny.run(prog))


def _token_flags(prog):
    used = set()
    for i in prog.insns:
        op = isa.Opcode(i.opcode)
        stage = ("load" if op == isa.Opcode.LOAD and i.mem_type in (isa.MemType.INP, isa.MemType.WGT)
                 else "store" if op == isa.Opcode.STORE else "compute")
        for f in ("pop_prev", "pop_next", "push_prev", "push_next"):
            if getattr(i, f):
                used.add((stage, f))
    return used


def test_dependent_stages_finish(tiny):
    """A program whose load, compute and store wait on each other through all four token queues
    finishes with the right result."""
    prog = matmul(TINY, 32, 32, 16, ops=[(AluOp.SHR, 4)], tiles=(8, 4, 2), seed=6)
    assert _token_flags(prog) >= {("load", "pop_next"), ("load", "push_next"), ("compute", "pop_prev"),
                                  ("compute", "push_prev"), ("compute", "pop_next"), ("compute", "push_next"),
                                  ("store", "pop_prev"), ("store", "push_prev")}
    assert_ok(tiny.run(prog))


def test_tokens_order_the_stages(tiny):
    """Without the load->compute tokens, GEMMs run before their inputs arrive: wrong result.
    (Shows the waits of the previous test are real, not an artefact of slow stages.)"""
    prog = copy.deepcopy(matmul(TINY, 32, 32, 16, tiles=(8, 4, 2), seed=6))
    for i in prog.insns:
        if i.opcode == isa.Opcode.LOAD and i.push_next:
            i.push_next = 0
        if i.opcode == isa.Opcode.GEMM and i.pop_prev:
            i.pop_prev = 0
    res = tiny.run(prog)
    assert not res["timeout"] and res["cycles"] > 0
    assert not res["match"]


def test_missing_push_hangs_and_times_out(tiny):
    """A load that never pushes its token: compute waits forever; the harness reports a timeout."""
    prog = copy.deepcopy(get_workload("matmul-256", TINY))
    next(i for i in prog.insns if i.opcode == isa.Opcode.LOAD and i.push_next).push_next = 0
    res = tiny.run(prog, max_cycles=50_000, expect_timeout=True)
    assert res["passed"] and res["timeout"], res
    assert res["sim_cycles"] >= 50_000
