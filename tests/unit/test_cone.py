"""The bit-level cone on hand-built netlists: what each cell kind makes needed (yosys_passes/cells.py)."""

from yosys_passes.cone import OBSERVED, compute_cone
from yosys_passes.netlist import Cell, Netlist


def _bin(value: int, width: int = 32) -> str:
    return format(value, f"0{width}b")


def cell(name, type_, inputs, outputs, **params):
    return Cell(name, type_, {k: _bin(v) for k, v in params.items()}, {}, inputs, outputs)


def netlist(cells, outputs: dict[str, list], netnames=None):
    ports = {n: ("output", bits) for n, bits in outputs.items()}
    names = {n: (False, bits, {}) for n, bits in (netnames or {}).items()}
    return Netlist("top", ports, cells, names)


def needed(cone, bits):
    return [b for b in bits if cone.needed[b]]


def test_mux_output_bit_needs_its_data_bits_and_the_whole_select():
    # y[1:0] = s ? b : a, with y[0] observed only
    a, b, s, y = [2, 3], [4, 5], [6], [7, 8]
    cone = compute_cone(netlist([cell("m", "$mux", {"A": a, "B": b, "S": s}, {"Y": y}, WIDTH=2)], {"out": [7]}))
    assert needed(cone, a + b + s) == [2, 4, 6]
    assert cone.needed_positions(y) == [0]


def test_flip_flop_bit_needs_its_d_bit_and_the_clock():
    d, clk, q = [2, 3, 4], [5], [6, 7, 8]
    cone = compute_cone(netlist([cell("r", "$dff", {"CLK": clk, "D": d}, {"Q": q}, WIDTH=3)], {"out": [8]}))
    assert needed(cone, d + clk) == [4, 5]


def test_sum_bit_needs_only_the_lower_input_bits():
    a, b, y = [2, 3, 4, 5], [6, 7, 8, 9], [10, 11, 12, 13]
    add = cell("add", "$add", {"A": a, "B": b}, {"Y": y}, A_WIDTH=4, B_WIDTH=4, Y_WIDTH=4)
    cone = compute_cone(netlist([add], {"out": [11]}))
    assert needed(cone, a + b) == [2, 3, 6, 7]


def test_signed_bitwise_extension_reads_the_sign_bit():
    a, b, y = [2, 3], [4, 5, 6, 7], [8, 9, 10, 11]
    xor = cell("x", "$xor", {"A": a, "B": b}, {"Y": y}, A_SIGNED=1, B_SIGNED=1, A_WIDTH=2, B_WIDTH=4, Y_WIDTH=4)
    cone = compute_cone(netlist([xor], {"out": [11]}))
    assert needed(cone, a + b) == [3, 7]   # A is sign-extended: Y[3] reads A[1]


def test_unknown_cell_kinds_need_every_input():
    a, b, y = [2, 3], [4, 5], [6]
    cone = compute_cone(netlist([cell("eq", "$eq", {"A": a, "B": b}, {"Y": y})], {"out": y}))
    assert needed(cone, a + b) == a + b


def test_memory_read_keeps_its_port_and_column_only():
    # 2 read ports of a 2-bit wide memory with 1 address bit; one write port
    ins = {"RD_ADDR": [2, 3], "RD_EN": ["1", "1"], "RD_CLK": ["x", "x"], "WR_ADDR": [4], "WR_DATA": [5, 6],
           "WR_EN": [7, 8], "WR_CLK": [9]}
    rd = [10, 11, 12, 13]   # port 0: bits 10,11; port 1: bits 12,13
    mem = cell("mem", "$mem_v2", ins, {"RD_DATA": rd}, WIDTH=2, ABITS=1, RD_PORTS=2, WR_PORTS=1, SIZE=2,
               RD_WIDE_CONTINUATION=0)
    cone = compute_cone(netlist([mem], {"out": [13]}))
    assert cone.memory_read_ports[0] == {1} and cone.memory_columns[0] == {1}
    assert needed(cone, [2, 3, 4, 5, 6, 7, 8, 9]) == [3, 4, 6, 8, 9]   # port 1's address, column 1


def test_side_effects_are_observed_unless_dropped_and_finish_always():
    a, b, c = [2], [3], [4]
    cells = [
        cell("p", "$print", {"ARGS": a}, {}),
        cell("f", "$print", {"ARGS": b}, {}),
        cell("chk", "$check", {"A": c}, {}),
    ]
    cells[1].params["FORMAT"] = "@rtlprune:finish@"
    cone = compute_cone(netlist(cells, {}))
    assert cone.root_labels == {0: "print side effect", 1: "simulation task ($finish/$stop)", 2: "assertion"}
    dropped = compute_cone(netlist(cells, {}), drop_prints=True, drop_assertions=True)
    assert dropped.root_labels == {1: "simulation task ($finish/$stop)"}
    assert needed(dropped, a + b + c) == b


def test_blackbox_inputs_and_kept_wires_are_observed():
    bb = cell("u", "\\ext", {"x": [2]}, {})
    inv = cell("n", "$not", {"A": [3]}, {"Y": [4]})
    net = netlist([bb, inv], {})
    net.netnames["core.state"] = (False, [4], {"rtlprune_keep": "1"})
    cone = compute_cone(net)
    assert cone.root_labels == {0: "blackbox instance of 'ext'"}
    assert needed(cone, [2, 3, 4]) == [2, 3, 4]
    assert cone.bit_reason[4] == OBSERVED and cone.bit_reason[3] == 1


def test_reasons_form_a_path_to_the_observed_bit():
    # out = ~(~a): a is needed because n1 reads it, n1 because n2's output is observed
    cells = [cell("n1", "$not", {"A": [2]}, {"Y": [3]}), cell("n2", "$not", {"A": [3]}, {"Y": [4]})]
    cone = compute_cone(netlist(cells, {"out": [4]}))
    assert cone.bit_reason[2] == 0 and cone.cell_reason[0] == 3
    assert cone.bit_reason[3] == 1 and cone.cell_reason[1] == 4
    assert cone.bit_reason[4] == OBSERVED
