"""Tests of the bundled VTA (run by the README test command through pytest testpaths)."""
