"""Subprocess entry point that hosts Yosys: `python -m rtlprune.worker REQUEST.json RESULT.json`.

The request's "task" picks the job: "prune" (rtlprune.flow) or "equiv" (rtlprune.formal).
A Yosys ERROR ends the hosting process with exit 1 and its message on stderr; the parent
turns that into a one-line error. Problems found by rtlprune itself are written to the
result file and end the process with exit 2.
"""

from __future__ import annotations

import json
import sys

from rtlprune.errors import UserError


def _run(request: dict) -> dict:
    # pyosys is imported here, in the worker only.
    task = request.pop("task")
    if task == "prune":
        from rtlprune.flow import FlowRequest, run_flow

        return run_flow(FlowRequest.from_json(request))
    if task == "equiv":
        from rtlprune.formal import check_equivalence

        return check_equivalence(request)
    raise ValueError(f"unknown worker task {task!r}")


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
