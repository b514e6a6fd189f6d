"""Word and line statistics, counted in C."""

VERSION = "0.9.1"
