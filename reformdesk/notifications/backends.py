"""Delivery backends: e-mail through Django's e-mail backend, SMS through a pluggable backend.

``settings.SMS_BACKEND`` names the SMS backend class. The file backend (the default) appends one
JSON line per message to ``settings.SMS_FILE_PATH``; the HTTP backend posts each message to an SMS
gateway. A backend returns the provider's message id, or raises :class:`DeliveryError` saying
whether trying again later may help.
"""

from __future__ import annotations

import json
import smtplib
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail.message import make_msgid
from django.utils import timezone
from django.utils.module_loading import import_string

# The gateway's answer is read up to this size: enough for any JSON receipt, bounded for safety.
MAX_RESPONSE_BYTES = 64 * 1024
ERROR_MAX_CHARS = 500


class DeliveryError(Exception):
    """A message could not be delivered. ``retryable``: a later attempt may succeed."""

    def __init__(self, message: str, *, retryable: bool) -> None:
        super().__init__(message)
        self.retryable = retryable


@dataclass(frozen=True)
class Outgoing:
    """What a backend needs to send one message; ``reference`` is our id (for the gateway's logs)."""

    to: str
    subject: str
    body: str
    reference: str


class SmsBackend(Protocol):
    def send(self, message: Outgoing) -> str: ...


def send_email(message: Outgoing) -> str:
    """Send through Django's e-mail backend (SMTP in production); the Message-ID is the provider id."""
    message_id = make_msgid(domain=settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].strip("> ") or None)
    email = EmailMessage(
        subject=message.subject,
        body=message.body,
        to=[message.to],
        headers={"Message-ID": message_id},
    )
    try:
        email.send(fail_silently=False)
    except smtplib.SMTPRecipientsRefused as error:  # the address itself is refused: retrying won't help
        raise DeliveryError(f"e-mail: {error}"[:ERROR_MAX_CHARS], retryable=False) from error
    except OSError as error:  # smtplib's other errors and network errors are OSError subclasses
        raise DeliveryError(f"e-mail: {error}"[:ERROR_MAX_CHARS], retryable=True) from error
    return message_id


class FileSmsBackend:
    """Development and demo: append ``{"to", "body", "reference", "at"}`` as one JSON line."""

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path or settings.SMS_FILE_PATH)

    def send(self, message: Outgoing) -> str:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        line = {
            "to": message.to,
            "body": message.body,
            "reference": message.reference,
            "at": timezone.now().isoformat(),
        }
        with self.path.open("a", encoding="utf-8") as out:
            out.write(json.dumps(line, ensure_ascii=False) + "\n")
        return f"file-{message.reference}"


def _message_id(raw: bytes) -> str:
    try:
        data: Any = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return ""
    if not isinstance(data, dict):
        return ""
    for key in ("message_id", "messageId", "id", "sms_id"):
        value = data.get(key)
        if isinstance(value, str | int) and str(value).strip():
            return str(value).strip()[:255]
    return ""


class HttpSmsBackend:
    """POST each message to ``SMS_GATEWAY_URL`` as JSON (or a form) with the API key in a header.

    A 2xx answer naming a message id (``message_id``, ``messageId``, ``id`` or ``sms_id`` in a JSON
    body) is success. A 4xx is permanent (a bad number, a refused key): retrying would be refused
    again. A 5xx, a 429, a timeout or a network error is retried later. A 2xx without an id is
    treated as permanent: the gateway may have sent it, and retrying could send it twice.
    """

    def __init__(
        self,
        *,
        url: str | None = None,
        api_key: str | None = None,
        api_key_header: str | None = None,
        body_format: str | None = None,
        timeout: float | None = None,
        sender: str | None = None,
    ) -> None:
        self.url = url if url is not None else settings.SMS_GATEWAY_URL
        self.api_key = api_key if api_key is not None else settings.SMS_GATEWAY_API_KEY
        self.api_key_header = api_key_header or settings.SMS_GATEWAY_API_KEY_HEADER
        self.body_format = body_format or settings.SMS_GATEWAY_FORMAT
        self.timeout = timeout if timeout is not None else settings.SMS_GATEWAY_TIMEOUT
        self.sender = sender if sender is not None else settings.SMS_GATEWAY_SENDER

    def _request(self, message: Outgoing) -> urllib.request.Request:
        fields = {"to": message.to, "text": message.body, "reference": message.reference}
        if self.sender:
            fields["sender"] = self.sender
        if self.body_format == "form":
            data = urllib.parse.urlencode(fields).encode()
            content_type = "application/x-www-form-urlencoded"
        else:
            data = json.dumps(fields, ensure_ascii=False).encode("utf-8")
            content_type = "application/json; charset=utf-8"
        headers = {"Content-Type": content_type, "Accept": "application/json"}
        if self.api_key:
            headers[self.api_key_header] = self.api_key
        return urllib.request.Request(self.url, data=data, headers=headers, method="POST")  # noqa: S310

    def send(self, message: Outgoing) -> str:
        if not self.url.startswith(("https://", "http://")):
            raise DeliveryError("SMS_GATEWAY_URL is not set to an http(s) address", retryable=False)
        try:
            with urllib.request.urlopen(self._request(message), timeout=self.timeout) as response:  # noqa: S310
                status, raw = response.status, response.read(MAX_RESPONSE_BYTES)
        except urllib.error.HTTPError as error:
            body = error.read(ERROR_MAX_CHARS).decode("utf-8", "replace")
            retryable = error.code >= 500 or error.code in (408, 429)
            raise DeliveryError(f"HTTP {error.code}: {body}"[:ERROR_MAX_CHARS], retryable=retryable) from None
        except TimeoutError as error:
            raise DeliveryError(f"timeout after {self.timeout} s", retryable=True) from error
        except (urllib.error.URLError, OSError) as error:
            if isinstance(getattr(error, "reason", None), TimeoutError):
                raise DeliveryError(f"timeout after {self.timeout} s", retryable=True) from error
            raise DeliveryError(f"network: {error}"[:ERROR_MAX_CHARS], retryable=True) from error
        provider_id = _message_id(raw)
        if not 200 <= status < 300 or not provider_id:
            raise DeliveryError(f"HTTP {status} without a message id", retryable=False)
        return provider_id


def sms_backend() -> SmsBackend:
    """An instance of the configured SMS backend class."""
    backend: SmsBackend = import_string(settings.SMS_BACKEND)()
    return backend
