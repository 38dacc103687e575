"""The HTTP SMS-gateway backend against a real HTTP server on localhost (no mocks)."""

from __future__ import annotations

import json
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from reformdesk.notifications.backends import DeliveryError, HttpSmsBackend, Outgoing

MESSAGE = Outgoing(
    to="0912345678", subject="", body="Hồ sơ 000.30.31.H41-251201-0001 đã có kết quả.", reference="42"
)


class Gateway(BaseHTTPRequestHandler):
    """Answers with ``server.answer`` = (status, body); records each request in ``server.seen``."""

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", "0"))
        raw = self.rfile.read(length)
        self.server.seen.append(
            {"path": self.path, "headers": {k.lower(): v for k, v in self.headers.items()}, "body": raw}
        )
        if self.server.delay:
            time.sleep(self.server.delay)
        status, body = self.server.answer
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except BrokenPipeError:  # the client gave up waiting (the timeout test)
            return

    def log_message(self, format: str, *args) -> None:  # quiet
        return


@pytest.fixture
def gateway():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Gateway)
    server.seen = []
    server.answer = (200, b'{"message_id": "vt-123"}')
    server.delay = 0
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    server.url = f"http://127.0.0.1:{server.server_address[1]}/sms/send"
    yield server
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def backend(gateway, **overrides) -> HttpSmsBackend:
    values = {
        "url": gateway.url,
        "api_key": "khoa-bi-mat",
        "api_key_header": "X-API-Key",
        "body_format": "json",
        "timeout": 2,
        "sender": "UBND-TANKY",
    }
    values.update(overrides)
    return HttpSmsBackend(**values)


def test_a_2xx_with_a_message_id_is_success_and_the_request_carries_key_and_json(gateway):
    assert backend(gateway).send(MESSAGE) == "vt-123"
    [request] = gateway.seen
    assert request["path"] == "/sms/send"
    assert request["headers"]["x-api-key"] == "khoa-bi-mat"
    assert request["headers"]["content-type"] == "application/json; charset=utf-8"
    assert json.loads(request["body"].decode("utf-8")) == {
        "to": "0912345678",
        "text": "Hồ sơ 000.30.31.H41-251201-0001 đã có kết quả.",
        "reference": "42",
        "sender": "UBND-TANKY",
    }


def test_the_form_format_and_another_key_header(gateway):
    gateway.answer = (201, b'{"id": 987}')
    assert backend(gateway, body_format="form", api_key_header="Authorization-Key").send(MESSAGE) == "987"
    [request] = gateway.seen
    assert request["headers"]["authorization-key"] == "khoa-bi-mat"
    assert "x-api-key" not in request["headers"]
    assert urllib.parse.parse_qs(request["body"].decode()) == {
        "to": ["0912345678"],
        "text": ["Hồ sơ 000.30.31.H41-251201-0001 đã có kết quả."],
        "reference": ["42"],
        "sender": ["UBND-TANKY"],
    }


@pytest.mark.parametrize(
    ("status", "body", "retryable", "error"),
    [
        (400, b'{"error": "invalid number"}', False, 'HTTP 400: {"error": "invalid number"}'),
        (401, b"bad key", False, "HTTP 401: bad key"),
        (429, b"slow down", True, "HTTP 429: slow down"),
        (500, b"oops", True, "HTTP 500: oops"),
        (503, b"", True, "HTTP 503: "),
        (200, b'{"status": "ok"}', False, "HTTP 200 without a message id"),
        (200, b"not json", False, "HTTP 200 without a message id"),
    ],
)
def test_4xx_is_permanent_and_5xx_is_retried(gateway, status, body, retryable, error):
    gateway.answer = (status, body)
    with pytest.raises(DeliveryError) as raised:
        backend(gateway).send(MESSAGE)
    assert (raised.value.retryable, str(raised.value)) == (retryable, error)


def test_a_gateway_that_does_not_answer_in_time_is_retried(gateway):
    gateway.delay = 1.5
    with pytest.raises(DeliveryError) as raised:
        backend(gateway, timeout=0.5).send(MESSAGE)
    assert (raised.value.retryable, str(raised.value)) == (True, "timeout after 0.5 s")


def test_a_closed_port_is_retried_and_a_missing_url_is_permanent(gateway):
    url = gateway.url
    gateway.shutdown()
    gateway.server_close()
    with pytest.raises(DeliveryError) as raised:
        HttpSmsBackend(url=url, api_key="k", timeout=1).send(MESSAGE)
    assert raised.value.retryable is True
    assert str(raised.value).startswith("network: ")
    with pytest.raises(DeliveryError) as raised:
        HttpSmsBackend(url="", api_key="k").send(MESSAGE)
    assert (raised.value.retryable, str(raised.value)) == (
        False,
        "SMS_GATEWAY_URL is not set to an http(s) address",
    )
