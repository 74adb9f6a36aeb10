"""Run the rtlprune flow (`rtlprune/flow_script.py`) in process with pyosys.

Runs inside the worker subprocess (see `worker`), because a Yosys ERROR ends the process
that hosts it. The steps and their order are in flow_script; `FlowRunner` is what the script
calls: Yosys commands go to Yosys, `(python: ...)` steps and `when=` conditions are looked up
by name in engine/steps.py, and the state between steps is a FlowState (flow_state.py).
"""

from __future__ import annotations

import os
import tempfile
import time

from pyosys import libyosys as ys

from rtlprune.engine.flow_state import FlowState
from rtlprune.engine.sources import chparam_commands
from rtlprune.engine.steps import CONDITIONS, STEPS, text_modules
from rtlprune.flow_script import script
from rtlprune.protocol import PROGRESS_ENV, FlowRequest, FlowResult


class FlowRunner:
    """Runs flow_script's steps on one design; `s` in `script(s)`."""

    def __init__(self, state: FlowState):
        self.state = state

    # -- the interface flow_script calls -------------------------------------------------------

    def label(self, name: str, about: str = "", when: str | None = None) -> bool:
        self.state.clock.close()
        if when is not None and not self.when(when):
            return False
        self.state.clock.open(name)
        if os.environ.get(PROGRESS_ENV):  # the parent shows it (worker_process)
            with open(os.environ[PROGRESS_ENV], "a") as f:
                f.write(name + "\n")
        return True

    def run(self, command: str, when: str | None = None) -> None:
        if when is None or self.when(when):
            ys.run_pass(command, self.state.design)

    def python(self, name: str, about: str, when: str | None = None) -> None:
        if when is None or self.when(when):
            STEPS[name](self.state)

    def when(self, condition: str) -> bool:
        return CONDITIONS[condition](self.state)

    def names(self, what: str) -> str:
        return " ".join(getattr(self, what))

    def each(self, option: str, what: str) -> str:
        return "".join(f" {option} {v}" for v in getattr(self, what))

    def flag(self, option: str, what: str) -> str:
        return f" {option}" if getattr(self, what) else ""

    # -- values the script's commands use ------------------------------------------------------

    @property
    def top(self) -> str | None:
        return self.state.top

    @property
    def output(self) -> str:
        return self.state.output

    @property
    def read_commands(self) -> list[str]:
        return self.state.read_commands(self.state.read_files, self.state.incdirs)

    @property
    def chparam_commands(self) -> list[str]:
        return chparam_commands(self.state.req.read.parameters, self.state.top, self.state.req.read.frontend)

    @property
    def dropped_outputs(self) -> list[str]:
        return self.state.spec.dropped_outputs

    @property
    def kept_signals(self) -> list[str]:
        return self.state.spec.kept_signals

    @property
    def drop_prints(self) -> bool:
        return self.state.spec.drop_prints

    @property
    def drop_assertions(self) -> bool:
        return self.state.spec.drop_assertions

    @property
    def text_modules(self) -> list[str]:
        return text_modules(self.state)


def result(st: FlowState) -> FlowResult:
    ends = st.clock.label_end
    t_front, t_end = ends["stats"], max(ends.values())
    t_prune = max(ends[k] for k in ("flatten", "cone", "whole", "keep_whole") if k in ends)
    cut = {k: v for k, v in vars(st.cut).items() if k != "narrowed"} if st.cut else {}
    if st.hier_cut:     # what the cone over the hierarchy removed before flatten, then the flat cone
        before_flatten = vars(st.hier_cut.summary)
        cut = {k: v + before_flatten[k] for k, v in cut.items()} if cut else {
            k: v for k, v in before_flatten.items() if k != "narrowed"}
    return FlowResult(
        top=st.top, sources=st.req.sources, spec=st.spec.to_json(), side_effects_observed=st.side,
        ports=st.ports, before=st.before, after=st.after, cut=cut,
        seconds={
            "frontend": round(t_front - st.clock.t0, 3),
            "prune": round(t_prune - t_front, 3),
            "backend": round(t_end - t_prune, 3),
            "total": round(t_end - st.clock.t0, 3),
            "cpu_total": round(time.process_time(), 3),
            "steps": st.clock.steps,
        },
        explain=st.explanations,
        source_text={"top": st.whole.top, "instances": [p for p in st.whole.paths if p],
                     "modules": st.whole.modules, "unavailable": st.source_text.reason,
                     "top_form": st.top_form.to_json() if st.top_form else {},
                     "mixed_form": st.mixed_form.to_json() if st.mixed_form else {}},
        read=st.req.read,
    )


def run_flow(req: FlowRequest) -> FlowResult:
    with tempfile.TemporaryDirectory(prefix="rtlprune_src_") as tmp:
        state = FlowState.start(req, tmp)
        script(FlowRunner(state))
        state.clock.close()
    return result(state)
