"""A real HTTP server on 127.0.0.1 that answers like GOV.UK Notify's send endpoints."""

import json
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jwt

SERVICE_ID = str(uuid.uuid4())
SECRET = str(uuid.uuid4())
API_KEY = f"familyhub_test-{SERVICE_ID}-{SECRET}"
EMAIL_TEMPLATE_ID = str(uuid.uuid4())
SMS_TEMPLATE_ID = str(uuid.uuid4())
PATHS = {"/v2/notifications/email": "email", "/v2/notifications/sms": "sms"}


class FakeNotify:
    def __init__(self):
        self.fail_next = 0  # answer 500 to this many calls
        self.delay = 0.0  # seconds to wait before answering, like a slow service
        self.calls = 0
        self.received = []  # the notifications it accepted (request JSON plus "channel")
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._server.fake = self
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def start(self):
        self._thread.start()
        return self

    def stop(self):
        self._server.shutdown()
        self._server.server_close()

    def answer(self, path, authorization, payload):
        time.sleep(self.delay)
        with self._lock:
            self.calls += 1
            if path not in PATHS:
                return 404, _error(404, "BadRequestError", "Not found")
            try:
                token = authorization.removeprefix("Bearer ")
                claims = jwt.decode(token, SECRET, algorithms=["HS256"])
                assert claims["iss"] == SERVICE_ID
            except Exception:
                return 403, _error(403, "AuthError", "Invalid token: signature")
            if self.fail_next > 0:
                self.fail_next -= 1
                return 500, _error(500, "Exception", "Internal server error")
            notification_id = str(uuid.uuid4())
            self.received.append({"channel": PATHS[path], **payload})
            return 201, {
                "id": notification_id,
                "reference": payload.get("reference"),
                "content": payload.get("personalisation", {}),
                "uri": f"{self.url}/v2/notifications/{notification_id}",
                "template": {"id": payload["template_id"], "version": 1, "uri": self.url},
            }


def _error(status, error, message):
    return {"errors": [{"error": error, "message": message}], "status_code": status}


class _Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        length = int(self.headers.get("Content-Length", 0))
        payload = json.loads(self.rfile.read(length) or b"{}")
        status, answer = self.server.fake.answer(
            self.path, self.headers.get("Authorization", ""), payload
        )
        body = json.dumps(answer).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass
