"""Subprocess entry point that hosts Yosys: `python -m rtlprune.engine.worker REQUEST.json RESULT.json`.

The request's "task" picks the job (`rtlprune.protocol`): "prune" (engine.flow) or "equiv"
(engine.miter). A Yosys ERROR ends the hosting process with exit 1 and its message on stderr;
the parent (`rtlprune.worker_process`) turns that into a one-line error. Problems found by
rtlprune itself are written to the result file and end the process with exit 2.
"""

from __future__ import annotations

import json
import sys

from rtlprune.errors import UserError
from rtlprune.protocol import REQUESTS, EquivRequest, FlowRequest


def _run(request: dict) -> dict:
    req = REQUESTS[request.pop("task")].from_json(request)
    if isinstance(req, FlowRequest):
        from rtlprune.engine.flow_runner import run_flow

        return run_flow(req).to_json()
    if isinstance(req, EquivRequest):
        from rtlprune.engine.miter import prove_equivalent

        return prove_equivalent(req)
    raise ValueError(f"unknown worker request {req!r}")


def main(argv: list[str]) -> int:
    request_path, result_path = argv
    with open(request_path) as f:
        request = json.load(f)
    try:
        result, code = _run(request), 0
    except UserError as e:
        result, code = {"error": str(e)}, 2
    with open(result_path, "w") as f:
        json.dump(result, f)
    sys.stdout.flush()
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
