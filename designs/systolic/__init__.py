"""Example designs bundled with rtlprune."""
