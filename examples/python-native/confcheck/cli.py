import json
import os
import sys
from wsgiref.simple_server import make_server

from confcheck import VERSION
from confcheck._scan import libyaml_version, scan

SAMPLE = b"""\
service: billing
replicas: 3
ports: [8080, 8443]
env:
  - name: MODE
    value: production
"""


def check(data: bytes) -> dict:
    try:
        return {"valid": True, **scan(data)}
    except ValueError as err:
        return {"valid": False, "error": str(err)}


def application(environ, start_response):
    length = int(environ.get("CONTENT_LENGTH") or 0)
    body = check(environ["wsgi.input"].read(length)) if length else {"status": "ok", "version": VERSION}
    data = json.dumps(body).encode()
    start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(data)))])
    return [data]


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if "--version" in argv:
        print(f"confcheck {VERSION}")
        return 0
    if "--self-test" in argv:
        print(json.dumps(check(SAMPLE), sort_keys=True))
        print(json.dumps(check(b"key: [unclosed"), sort_keys=True))
        print("libyaml %d.%d.%d" % libyaml_version())
        return 0
    port = int(os.environ.get("PORT", "8000"))
    with make_server("0.0.0.0", port, application) as server:
        print(f"confcheck {VERSION} listening on :{port}", flush=True)
        server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())
