import json
import os
import sys
from wsgiref.simple_server import make_server

from wordstats import VERSION
from wordstats._count import count

SAMPLE = b"the quick brown fox\njumps over\n\nthe lazy dog\n"


def stats(data: bytes) -> dict:
    lines, words, size = count(data)
    return {"lines": lines, "words": words, "bytes": size}


def application(environ, start_response):
    if environ.get("PATH_INFO") == "/health":
        body = {"status": "ok", "version": VERSION}
    else:
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = stats(environ["wsgi.input"].read(length))
    data = json.dumps(body).encode()
    start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(data)))])
    return [data]


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if "--version" in argv:
        print(f"wordstats {VERSION}")
        return 0
    if "--self-test" in argv:
        print(json.dumps(stats(SAMPLE), sort_keys=True))
        print(f"wordstats {VERSION} (C accelerator loaded from {os.path.basename(sys.modules['wordstats._count'].__file__)})")
        return 0
    port = int(os.environ.get("PORT", "8000"))
    with make_server("0.0.0.0", port, application) as server:
        print(f"wordstats {VERSION} listening on :{port}", flush=True)
        server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())
