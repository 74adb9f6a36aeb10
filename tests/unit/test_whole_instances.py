"""Which instances keep the source's text: whole in every place their module is used."""

from rtlprune.engine.whole_instances import choose

# top -> u_a (pair) -> m (mac);  top -> u_b (pair) -> m (mac);  top -> u_c (ctl)
PATHS = {
    "": ("top", {"r0"}, ["u_a", "u_b", "u_c"]),
    "u_a": ("pair", set(), ["u_a.m"]),
    "u_b": ("pair", set(), ["u_b.m"]),
    "u_a.m": ("mac", {"u_a.m.acc"}, []),
    "u_b.m": ("mac", {"u_b.m.acc"}, []),
    "u_c": ("ctl", {"u_c.state"}, []),
}
ALL = {"r0", "u_a.m.acc", "u_b.m.acc", "u_c.state"}
LEFT = {("top", "u_a"), ("top", "u_b"), ("top", "u_c"), ("pair", "m")}
TEXT = {"top": ["top"], "pair": ["mac", "pair"], "mac": ["mac"], "ctl": ["ctl"]}


def closure(path):
    return TEXT.get(PATHS[path][0])


def test_nothing_removed_and_nothing_dropped_is_the_whole_text():
    w = choose(PATHS, ALL, set(), closure, LEFT, [], top_changed=False, full_text=True, storage_intact=True)
    assert w.top
    # a dropped output, a kept signal inside an instance, no text at hand, or storage the cone
    # removed: not the whole text
    assert not choose(PATHS, ALL, set(), closure, LEFT, [], top_changed=True, full_text=True, storage_intact=True).top
    assert not choose(PATHS, ALL, set(), closure, LEFT, ["u_c.state"], top_changed=False, full_text=True,
                      storage_intact=True).top
    assert not choose(PATHS, ALL, set(), closure, LEFT, [], top_changed=False, full_text=False,
                      storage_intact=True).top
    assert not choose(PATHS, ALL, set(), closure, LEFT, [], top_changed=False, full_text=True).top


def test_shared_module_is_kept_only_where_every_instance_is_whole():
    # u_b.m's register narrowed: pair's cell m is not whole in every pair, so neither pair keeps it
    w = choose(PATHS, ALL, {"u_b.m.acc"}, closure, LEFT, [], top_changed=True, full_text=True)
    assert w.paths == ["u_a", "u_c"] and w.cells == {"top": ["u_a", "u_c"]}
    assert w.modules == ["ctl", "mac", "pair"]
    # u_b.m's register removed and u_c not portable
    TEXT_NO_CTL = dict(TEXT, ctl=None)
    w = choose(PATHS, ALL - {"u_b.m.acc"}, set(), lambda p: TEXT_NO_CTL.get(PATHS[p][0]), LEFT, [], True, True)
    assert w.paths == ["u_a"] and w.modules == ["mac", "pair"]


def test_kept_signal_inside_keeps_the_instance_flat():
    w = choose(PATHS, ALL, set(), closure, LEFT, ["u_a.m.acc"], top_changed=True, full_text=True)
    assert w.paths == ["u_b", "u_c"]


def test_an_instance_removed_as_dead_is_not_kept():
    w = choose(PATHS, ALL, set(), closure, LEFT - {("top", "u_c")}, [], top_changed=True, full_text=True)
    assert w.paths == ["u_a", "u_b"]


def test_an_instance_with_a_removed_combinational_cell_is_not_whole():
    """Every cell counts, not only storage: a dead adder left as text would be an observation
    point for everything upstream of it."""
    paths = dict(PATHS, u_c=("ctl", {"u_c.state", "$flatten\\u_c.$add$1"}, []))
    w = choose(paths, ALL, set(), closure, LEFT, [], top_changed=True, full_text=True)
    assert w.paths == ["u_a", "u_b"]
    w = choose(paths, ALL | {"$flatten\\u_c.$add$1"}, set(), closure, LEFT, [], top_changed=True, full_text=True)
    assert w.paths == ["u_a", "u_b", "u_c"]


def test_a_pass_through_instance_is_not_kept():
    paths = dict(PATHS, u_c=("wires", set(), []))
    w = choose(paths, ALL, set(), lambda p: ["wires"] if p == "u_c" else closure(p), LEFT, [], True, True)
    assert w.paths == ["u_a", "u_b"]
