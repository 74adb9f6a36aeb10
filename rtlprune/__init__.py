"""rtlprune: remove RTL logic that cannot reach the observed signals, for faster simulation."""

__version__ = "0.1.0"
