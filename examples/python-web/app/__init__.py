"""hello-web: a tiny WSGI app (standard library only)."""

VERSION = "1.2.0"
