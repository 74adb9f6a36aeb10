"""The one exception type that reaches users as a one-line message."""


import sys
from typing import Callable


class UserError(Exception):
    """A problem with what the user gave (RTL, spec, options): printed as one line, exit 2."""


def run_command(prog: str, body: Callable[[], int]) -> int:
    """Run a command's body; a UserError becomes one line on stderr and exit code 2."""
    try:
        return body()
    except UserError as e:
        print(f"{prog}: error: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"{prog}: interrupted", file=sys.stderr)
        return 130
