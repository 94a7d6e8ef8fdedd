"""A loopback fake of the few Stripe endpoints billing uses, for the real SDK to talk to (STYLE.md 10).

It keeps what Stripe promises about idempotency keys: the same key with the same parameters returns the
first response (header `Idempotent-Replayed: true`), and with different parameters is refused.
"""

import itertools
import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl


@dataclass
class RecordedRequest:
    method: str
    path: str
    params: dict[str, str]
    idempotency_key: str | None
    authorization: str | None


@dataclass
class FakeStripe:
    base_url: str = ""
    requests: list[RecordedRequest] = field(default_factory=list)
    customers: dict[str, dict] = field(default_factory=dict)
    # Answer 500 to the next N requests after doing the work, as if the response were lost on the way.
    lose_next_responses: int = 0
    _ids: itertools.count = field(default_factory=lambda: itertools.count(1))
    _by_key: dict[str, tuple[str, dict, dict]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def paths(self) -> list[str]:
        return [request.path for request in self.requests]

    def handle(
        self, method: str, path: str, params: dict[str, str], key: str | None
    ) -> tuple[int, dict, bool]:
        with self._lock:
            if key is not None and key in self._by_key:
                first_path, first_params, first_response = self._by_key[key]
                if (first_path, first_params) != (path, params):
                    error = {
                        "type": "idempotency_error",
                        "message": "Keys for idempotent requests can only be used with the same parameters they were first used with.",
                    }
                    return 400, {"error": error}, False
                return 200, first_response, True
            response = self._create(path, params)
            if response is None:
                return (
                    404,
                    {
                        "error": {
                            "type": "invalid_request_error",
                            "message": f"Unrecognized request URL ({path})",
                        }
                    },
                    False,
                )
            if key is not None:
                self._by_key[key] = (path, params, response)
            return 200, response, False

    def _create(self, path: str, params: dict[str, str]) -> dict | None:
        number = next(self._ids)
        if path == "/v1/customers":
            customer = {"id": f"cus_test{number}", "object": "customer", "name": params.get("name")}
            self.customers[customer["id"]] = customer
            return customer
        if path == "/v1/checkout/sessions":
            return {
                "id": f"cs_test_{number}",
                "object": "checkout.session",
                "mode": params.get("mode"),
                "customer": params.get("customer"),
                "client_reference_id": params.get("client_reference_id"),
                "url": f"https://checkout.stripe.test/c/pay/cs_test_{number}",
            }
        if path == "/v1/billing_portal/sessions":
            return {
                "id": f"bps_test_{number}",
                "object": "billing_portal.session",
                "customer": params.get("customer"),
                "url": f"https://billing.stripe.test/p/session/bps_test_{number}",
            }
        return None


def serve_fake_stripe() -> tuple[FakeStripe, ThreadingHTTPServer]:
    fake = FakeStripe()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 (http.server's naming)
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length).decode()
            params = dict(parse_qsl(body, keep_blank_values=True))
            key = self.headers.get("Idempotency-Key")
            fake.requests.append(
                RecordedRequest("POST", self.path, params, key, self.headers.get("Authorization"))
            )
            status, payload, replayed = fake.handle("POST", self.path, params, key)
            if status == 200 and fake.lose_next_responses > 0:
                fake.lose_next_responses -= 1
                status, payload = 500, {"error": {"type": "api_error", "message": "lost on the way"}}
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Request-Id", f"req_test_{len(fake.requests)}")
            if replayed:
                self.send_header("Idempotent-Replayed", "true")
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    fake.base_url = f"http://127.0.0.1:{server.server_address[1]}"
    # serve_forever() looks for shutdown() every poll_interval: 0.5 s by default, paid by every test.
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True).start()
    return fake, server
