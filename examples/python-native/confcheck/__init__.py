"""Checks YAML configuration files; libyaml does the scanning."""

VERSION = "2.2.0"
