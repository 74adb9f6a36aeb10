"""Subprocess entry point that hosts Yosys: `python -m rtlprune.worker REQUEST.json RESULT.json`.

A Yosys ERROR ends the hosting process with exit 1 and its message on stderr; the parent
turns that into a one-line error. Problems found by rtlprune itself are written to the
result file and end the process with exit 2.
"""

from __future__ import annotations

import json
import sys

from rtlprune.errors import UserError


def main(argv: list[str]) -> int:
    request_path, result_path = argv
    from rtlprune.flow import FlowRequest, run_flow  # imports pyosys: keep it in the worker

    with open(request_path) as f:
        request = FlowRequest.from_json(json.load(f))
    try:
        result, code = run_flow(request), 0
    except UserError as e:
        result, code = {"error": str(e)}, 2
    with open(result_path, "w") as f:
        json.dump(result, f)
    sys.stdout.flush()
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
