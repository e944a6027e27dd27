"""A real HTTP server on 127.0.0.1 (in a thread) serving ORUK feeds: a validator mock folder
answered as an ORUK API, or pages of services written by a test."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest


class FeedServer:
    def __init__(self):
        self.routes = {}  # path -> (status, content type, body) or a callable(query) -> same
        self.requests = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (the http.server name)
                parts = urlsplit(self.path)
                server.requests.append(self.path)
                route = server.routes.get(parts.path.rstrip("/") or "/")
                if callable(route):
                    route = route(parse_qs(parts.query))
                status, content_type, body, *extra = route or (404, "text/plain", b"Not found")
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                for name, value in (extra[0] if extra else {}).items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def json(self, path, data, status=200):
        self.routes[path] = (status, "application/json", json.dumps(data).encode())

    def file(self, path, file: Path):
        self.routes[path] = (200, "application/json", file.read_bytes())

    def serve_mock_api(self, folder: Path):
        """A validator mock folder as an ORUK API: / (details), /services, /services/{id}."""
        self.file("/", folder / "api_details.json")
        self.file("/services", folder / "service_list.json")
        full = json.loads((folder / "service_full.json").read_text(encoding="utf-8"))
        self.file(f"/services/{full['id']}", folder / "service_full.json")

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def feed_server():
    server = FeedServer()
    yield server
    server.close()


@pytest.fixture
def mocks(oruk):
    """The ORUK validator's mock feeds (read from ORUK_SPEC_DIR, never copied here)."""
    return oruk.mocks_dir


@pytest.fixture
def standards(oruk):
    """The folder of the standards' own examples (HSDS 3.0, the UK profile), from ORUK_SPEC_DIR:
    read there, never copied here."""
    return oruk.schema_dir.parents[4]
