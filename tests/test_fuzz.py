"""A fixed-seed run of the fuzzer: random designs and specs, each pruned, proven (bounded),
co-simulated against the original source under Verilator, and linted."""

import dataclasses

import pytest

from rtlprune.fuzz.judge import check_one
from rtlprune.fuzz.random_designs import generate

pytestmark = pytest.mark.slow  # two Verilator builds and a SAT proof per design

SEEDS = range(1, 31)


def test_generator_is_deterministic_and_varied():
    assert generate(7).text == generate(7).text
    assert len({generate(s).text for s in range(10)}) == 10
    assert all("mem[" in generate(s).text and "$signed" in generate(s).text for s in range(5))


def test_half_the_designs_are_shaped_as_hierarchical_rtl():
    """Even seeds: wrappers, lanes of one module (or Chisel-style copies), combinational and
    register submodules on the dead path, a live-and-dead submodule, a dead instance, a queue
    with a memory and an assertion, prints inside submodules, parameters per instance."""
    texts = [generate(s).text for s in range(2, 42, 2)]
    for text in texts:
        for shape in ("module shell(", "module core(", "add2", "module stage", "module pass", "module split",
                      "mul2 dead_mul", "#(.DEPTH(", "mem[tail] <=", "assert (", "$display("):
            assert shape in text, shape
    assert any("module pe_1" in t for t in texts) and any("#(.K(" in t for t in texts)
    assert all("module shell(" not in generate(s).text for s in range(1, 41, 2))


def test_designs_fold_enables_reference_across_the_hierarchy_and_hold_what_synthesis_cannot_read():
    """Registers whose clocked assignment folds to 0 or 1, with synchronous and asynchronous
    resets, some loaded in part; hierarchical references into a generate block's instance, into
    the core through every wrapper, and from a print; a module with a loop whose exit depends on
    data, its instance live or only read by a dropped output."""
    texts = [generate(s).text for s in range(1, 81)]
    assert all("kf_r0" in t for t in texts)
    for shape in ("(~|1'd1)", "(|1'd1)", "always @(posedge clk or posedge rst)\n    if (rst) kf_r",
                  "always @(posedge clk)\n    if (rst) kf_r", "[0] <= 1'b", "assign peek = lanes[",
                  "assign peek = sh.u.", ".q.count == 4'd", "dead_mul.p[3:0]"):
        assert any(shape in t for t in texts), shape
    assert sum("assign peek" in t for t in texts) in range(25, 56)   # about half read flat
    designs = [generate(s) for s in range(1, 81)]
    with_loop = [d for d in designs if "lsd8 ls_u(" in d.text]
    assert len(with_loop) in range(25, 56) and all("for (i = 3'd6; done == 0;" in d.text for d in with_loop)
    assert {"ls" in d.drop for d in with_loop} == {True, False}


@pytest.mark.parametrize("seed", SEEDS)
def test_fuzz_design_is_pruned_soundly(seed, tmp_path):
    result = check_one(seed, tmp_path, cosim_cycles=200, formal_cycles=4, formal_timeout=10)
    assert result["failures"] == [], result
    assert result["cosim"] is True and result["lint"] is True
    assert result["formal"] in (True, None)  # None: the SAT solver ran out of time


def test_cosimulation_sees_a_kept_register_that_differs(tmp_path):
    """The co-simulation oracle reads kept internal registers, not only outputs: a pruned design
    whose kept `tally` register counts differently is caught although every output agrees."""
    import json
    import re

    from rtlprune.fuzz import oracles
    from rtlprune.fuzz.judge import prune_design

    design = next(d for d in map(generate, range(1, 200)) if "tally" in d.keep)
    source = tmp_path / "design.v"
    source.write_text(design.text)
    proc, pruned = prune_design(design, source, tmp_path)
    assert proc.returncode == 0, proc.stderr
    report = json.loads(pruned.with_suffix(".report.json").read_text())
    assert "tally" in report["spec"]["kept_signals"]
    assert oracles.cosimulate(design, source, pruned, report, tmp_path / "same").ok is True
    text, n = re.subn(r"(\btally <= )([^;]+);", r"\1(\2) ^ 1'b1;", pruned.read_text(), count=1)
    assert n == 1
    wrong = tmp_path / "wrong.v"
    wrong.write_text(text)
    verdict = oracles.cosimulate(design, source, wrong, report, tmp_path / "wrong")
    assert verdict.ok is False and "tally=" in verdict.message


def test_a_failure_is_shrunk_to_a_small_reproducer(tmp_path):
    """A pruner with a planted bug (the pruned `state` register's next value is flipped): the
    formal oracle fails, the minimiser shrinks the design while it still fails the same way and
    keeps its meaning (legal, no new kind of warning), and the reproducer is written."""
    import re

    from rtlprune.fuzz.judge import check_design, fails_like, prune_design, save
    from rtlprune.fuzz.minimise import legal, minimise, warnings

    def planted_bug(design, source, work):
        proc, out = prune_design(design, source, work)
        if proc.returncode == 0:
            out.write_text(re.sub(r"(\bstate <= )([^;]+);", r"\1(\2) ^ 2'b01;", out.read_text(), count=1))
        return proc, out

    design = generate(3)
    result = check_design(design, tmp_path / "first", run=("formal",), prune=planted_bug)
    assert [name for name, _ in result["failures"]] == ["formal"]
    fails = fails_like(result, prune=planted_bug)
    shrunk = minimise(design, fails, budget_s=300)
    # Nothing may be left undriven or unconnected (that would change the meaning), so the leaf
    # instances stay; the datapath goes and every output the bug does not need is tied to '0.
    assert shrunk.complete and shrunk.lines_after <= shrunk.lines_before * 3 // 4, shrunk
    assert legal(shrunk.design.text, "top", warnings(design.text, "top")) and fails(shrunk.design)
    assert "state <=" in shrunk.design.text and "mac0_0" not in shrunk.design.text
    assert all(f"assign {name} = '0;" in shrunk.design.text for name, _ in design.outputs)
    dest = save(result, design, shrunk, tmp_path / "failures")
    readme = (dest / "README.md").read_text()
    assert (dest / "design.v").read_text() == shrunk.design.text
    assert (dest / "original.v").read_text() == design.text
    assert "rtlprune design.v --top top" in readme and "formal:" in readme


def test_print_of_a_product_wire_prints_what_the_source_prints(tmp_path):
    """Fuzz seed 247: the wire a print reads is public to Verilator, which otherwise inlined
    the product into the print and lost its 12-bit width."""
    from conftest import DESIGNS

    from rtlprune.fuzz.judge import check_design

    generated = generate(247)
    design = dataclasses.replace(generated, text=(DESIGNS / "fuzz_seed247.v").read_text())
    result = check_design(design, tmp_path, cosim_cycles=200, run=("cosim", "lint"))
    assert result["failures"] == [] and result["cosim"] is True, result
    assert "wire [11:0] product/*verilator public_flat_rd*/;" in (tmp_path / "pruned.v").read_text()
