"""Program builders: each returns a Program (instructions, uops, input tensors, NumPy reference)."""

from .common import Program  # noqa: F401
