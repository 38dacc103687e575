"""The devices' endpoints, ``/iclock/…`` (ZKTeco push protocol). Thin: parse the request, call one
service, reply in plain text. CSRF-exempt (devices hold no session), no trailing slash.

Replies: ``OK:<n>`` after an upload is committed (see ``services.receiving`` for what ``n``
counts); ``ERROR: …`` with 400 (no or bad serial number), 403 (a handshake without the device's
communication key), 413 (body over ``ATTENDANCE_MAX_BODY_BYTES``), 415 (a content type no device
sends), 429 (more new serial numbers from one address than ``ATTENDANCE_NEW_DEVICES_PER_HOUR``, or
an upload that would be held past the held-data quotas: see ``services.held``) or 503 (the
database failed: nothing was stored, the device retries after ``ErrorDelay``). Protocol replies
are not translated.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable

from django.conf import settings
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from reformdesk.attendance import receiver
from reformdesk.attendance.models import Device
from reformdesk.attendance.services import held, receiving
from reformdesk.core.context import Origin, origin
from reformdesk.core.middleware import client_ip
from reformdesk.core.ratelimit import hit

logger = logging.getLogger("reformdesk.attendance.receiver")

SERIAL_RE = re.compile(r"^[0-9A-Za-z_\-]{1,64}$")
DEFAULT_MAX_BODY_BYTES = 8 * 1024 * 1024
DEFAULT_NEW_DEVICES_PER_HOUR = 20
# What devices send on uploads; anything else (multipart forms, JSON, HTML) is refused whole.
ACCEPTED_CONTENT_TYPES = {
    "",
    "text/plain",
    "application/x-www-form-urlencoded",
    "application/octet-stream",
    "image/jpeg",
    "application/push",
}

Handler = Callable[[HttpRequest], HttpResponse]


def _text(body: str, status: int = 200) -> HttpResponse:
    return HttpResponse(body, status=status, content_type="text/plain; charset=utf-8")


def _max_body() -> int:
    return int(getattr(settings, "ATTENDANCE_MAX_BODY_BYTES", DEFAULT_MAX_BODY_BYTES))


def _new_devices_limit() -> int:
    """Unknown serial numbers one address may register per hour: each creates a pending row."""
    return int(getattr(settings, "ATTENDANCE_NEW_DEVICES_PER_HOUR", DEFAULT_NEW_DEVICES_PER_HOUR))


def _content_type(request: HttpRequest) -> str:
    return request.META.get("CONTENT_TYPE", "").split(";")[0].strip().lower()


def device_endpoint(view: Callable[[HttpRequest, Device], HttpResponse]) -> Handler:
    """Check the serial number, record the contact, tag audit rows as coming from a device, and
    turn a database failure into a retry reply (never a half-stored upload acknowledged)."""

    @csrf_exempt
    @require_http_methods(["GET", "POST"])
    def wrapped(request: HttpRequest) -> HttpResponse:
        serial = request.GET.get("SN", "").strip()
        if not SERIAL_RE.match(serial):
            return _text("ERROR: missing or invalid SN", status=400)
        with origin(
            Origin(
                ip=client_ip(request),
                user_agent=request.META.get("HTTP_USER_AGENT", "")[:200],
                channel="device",
            )
        ):
            try:
                ip = client_ip(request)
                device = receiving.device_seen(
                    serial=serial,
                    ip=ip,
                    push_version=request.GET.get("pushver"),
                    may_register=lambda: hit(
                        key=f"attendance.register:{ip}", limit=_new_devices_limit(), window=3600
                    ),
                )
                if device is None:
                    return _text("ERROR: too many new devices from this address, retry later", status=429)
                return view(request, device)
            except held.HeldQuotaExceeded:  # rolled back: the device keeps the records and resends
                receiving.upload_rejected(device=device, reason="held data over quota")
                return _text("ERROR: too much data held for this device, retry later", status=429)
            except DatabaseError:
                logger.exception(
                    "device %s: database error on %s, nothing acknowledged", serial, request.path
                )
                return _text("ERROR: server busy, retry", status=503)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def _read_body(request: HttpRequest, device: Device) -> bytes | HttpResponse:
    """The raw body, or the refusal when it is too large or of a type devices never send."""
    limit = _max_body()
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > limit:
        receiving.upload_rejected(device=device, reason=f"body of {declared} bytes over {limit}")
        return _text(f"ERROR: body larger than {limit} bytes", status=413)
    content_type = _content_type(request)
    if content_type not in ACCEPTED_CONTENT_TYPES:
        receiving.upload_rejected(device=device, reason=f"content type {content_type[:60]!r}")
        return _text("ERROR: unsupported content type", status=415)
    body = request.read(limit + 1)
    if len(body) > limit:
        receiving.upload_rejected(device=device, reason=f"body over {limit} bytes")
        return _text(f"ERROR: body larger than {limit} bytes", status=413)
    return body


@device_endpoint
def cdata(request: HttpRequest, device: Device) -> HttpResponse:
    """GET: the handshake (refused when the device has a communication key and ``pushcommkey``
    does not carry it). POST: an upload of ``table=ATTLOG|OPERLOG|ATTPHOTO|options|…``."""
    if request.method == "GET":
        if not held.comm_key_handshake(device=device, sent=request.GET.get("pushcommkey")):
            return _text("ERROR: wrong or missing communication key", status=403)
        return _text(
            receiver.handshake_reply(
                serial=device.serial,
                attlog_stamp=device.attlog_stamp,
                operlog_stamp=device.operlog_stamp,
                attphoto_stamp=device.attphoto_stamp,
                new_protocol=bool(request.GET.get("pushver")),
            )
        )
    body = _read_body(request, device)
    if isinstance(body, HttpResponse):
        return body
    table = request.GET.get("table", "").strip()
    kwargs = {"device": device, "body": body, "content_type": _content_type(request)}
    if table == "ATTLOG":
        count = receiving.attlog_receive(stamp=request.GET.get("Stamp"), **kwargs)
    elif table == "OPERLOG":
        count = receiving.operlog_receive(
            stamp=request.GET.get("OpStamp") or request.GET.get("Stamp"), **kwargs
        )
    elif table == "ATTPHOTO":
        count = receiving.photo_receive(
            stamp=request.GET.get("PhotoStamp") or request.GET.get("Stamp"), **kwargs
        )
    elif table.lower() == "options":
        receiving.options_receive(device=device, text=receiver.decode_text(body))
        return _text("OK")
    elif not table:
        return _text("ERROR: missing table", status=400)
    else:
        count = receiving.unknown_table_receive(
            device=device, table=table, body=body, content_type=kwargs["content_type"]
        )
    return _text(f"OK:{count}")


@device_endpoint
def getrequest(request: HttpRequest, device: Device) -> HttpResponse:
    """The device's poll: ``INFO=`` updates the registry; queued commands are handed out."""
    info = request.GET.get("INFO")
    if info:
        receiving.info_receive(device=device, info=info)
    return _text(receiver.commands_reply(receiving.commands_take(device=device)))


@device_endpoint
def devicecmd(request: HttpRequest, device: Device) -> HttpResponse:
    """Results of commands: ``ID=<id>&Return=<code>&CMD=<name>`` lines."""
    body = _read_body(request, device)
    if isinstance(body, HttpResponse):
        return body
    receiving.command_results_receive(device=device, text=receiver.decode_text(body))
    return _text("OK")


@device_endpoint
def ping(request: HttpRequest, device: Device) -> HttpResponse:
    """A keep-alive during long uploads: the contact is recorded, nothing else."""
    return _text("OK")


@device_endpoint
def fdata(request: HttpRequest, device: Device) -> HttpResponse:
    """File uploads of some firmware: photos as on cdata, anything else held aside."""
    if request.method == "GET":
        return _text("OK")
    body = _read_body(request, device)
    if isinstance(body, HttpResponse):
        return body
    table = request.GET.get("table", "").strip()
    if table == "ATTPHOTO":
        count = receiving.photo_receive(device=device, body=body, content_type=_content_type(request))
    else:
        count = receiving.unknown_table_receive(
            device=device, table=f"fdata:{table}", body=body, content_type=_content_type(request)
        )
    return _text(f"OK:{count}")
