import json
import os
import sys
from wsgiref.simple_server import make_server

from app import VERSION


def application(environ, start_response):
    path = environ.get("PATH_INFO", "/")
    if path == "/health":
        body, status = {"status": "ok"}, "200 OK"
    elif path == "/":
        body, status = {"hello": environ.get("QUERY_STRING") or "world", "version": VERSION}, "200 OK"
    else:
        body, status = {"error": "not found"}, "404 Not Found"
    data = json.dumps(body).encode()
    start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(data)))])
    return [data]


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if "--version" in argv:
        print(f"hello-web {VERSION}")
        return 0
    port = int(os.environ.get("PORT", "8000"))
    with make_server("0.0.0.0", port, application) as server:
        print(f"hello-web {VERSION} listening on :{port}", flush=True)
        server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())
