"""The corpus's state check (testbench/bench.py state_excess): a netlist DUT is judged against the flat
cone's flip-flop and memory bits, the source's own text against the peer's Verilator model."""

from rtlprune.simulation.testbench.bench import state_excess


def _report(ff: int, mem: int, cells: int, top_text: bool = False, instances=()) -> dict:
    return {"after": {"ff_bits": ff, "memory_bits": mem, "cells": cells},
            "source_text": {"top": top_text, "instances": list(instances), "top_form": {}}}


def test_netlist_against_the_flat_cone():
    ref = _report(10, 64, 12)
    assert state_excess(_report(10, 64, 12), ref, {"pruned": 500, "peer": 100}) == []
    assert state_excess(_report(12, 64, 12), ref, {}) == [
        "keeps 2 ff bits the reference removes (12 against 10)"]
    assert state_excess(_report(10, 128, 30), ref, {}) == [
        "keeps 18 cells the reference removes (30 against 12)",    # no text instance: cells count too
        "keeps 64 memory bits the reference removes (128 against 64)"]
    # with an instance kept as text, its cells are the source's: only the state counts
    assert state_excess(_report(10, 64, 30, instances=["u0"]), ref, {}) == []


def test_text_against_the_peers_model():
    ref, text = _report(10, 0, 12), _report(50, 0, 80, top_text=True)
    assert state_excess(text, ref, {"pruned": 100, "peer": 100}) == []
    assert state_excess(text, ref, {"pruned": 103, "peer": 100}) == [
        "(the source's text) holds 3 bits more in Verilator's model than the peer (103 against 100)"]
    assert state_excess(text, ref, {"pruned": None, "peer": 100}) == []     # Verilator refused: not compared
