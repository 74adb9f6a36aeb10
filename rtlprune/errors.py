"""The one exception type that reaches users as a one-line message."""


class UserError(Exception):
    """A problem with what the user gave (RTL, spec, options): printed as one line, exit 2."""
