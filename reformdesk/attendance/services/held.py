"""Uploads kept aside (:class:`HeldUpload`): the trust checks that hold an approved device's upload,
the communication-key handshake, and the quotas on what may be held. Called by ``receiving``.

Two kinds of held data (``choices.EVICTABLE_HELD_REASONS`` / ``UNTRUSTED_HELD_REASONS``):

- **Evictable**: uploads of devices nobody approved yet and tables this server does not read.
  Anyone can send them without a login, so they are bounded: per serial number
  (``ATTENDANCE_HELD_BYTES_PER_SERIAL``) and in all (``ATTENDANCE_HELD_BYTES_TOTAL``). An upload
  that would pass a quota first drops the oldest evictable data (the device's own for its quota,
  anyone's for the total), each with a WARNING log line; one that cannot fit even then is dropped
  itself. Dropping loses little: a device keeps its records, and once approved it sends a range
  again on a ``DATA QUERY ATTLOG`` from its page.
- **Untrusted**: uploads under an approved serial number that failed a trust check. They may be
  the device's real punches (it moved network), so they are never dropped automatically; they
  count towards both quotas, and one that does not fit raises :class:`HeldQuotaExceeded`: the
  receiver answers 429, acknowledges nothing, and the device keeps the records and resends.

The number of pending devices is bounded too (``ATTENDANCE_PENDING_DEVICES_MAX``): a new serial
number beyond it removes the pending device silent the longest, with what it sent.

Concurrent uploads may pass a quota together by at most their own sizes: the check and the insert
are not serialised across devices (an upload is at most ``ATTENDANCE_MAX_BODY_BYTES``).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db.models import F, QuerySet, Sum
from django.db.models.functions import Length
from django.utils import timezone

from reformdesk.attendance.choices import EVICTABLE_HELD_REASONS, DeviceStatus, HeldReason
from reformdesk.attendance.models import Device, HeldUpload
from reformdesk.core.models import AuditEvent
from reformdesk.core.services.audit import audit_record

logger = logging.getLogger("reformdesk.attendance.receiver")

MIB = 1024 * 1024
DEFAULT_HELD_BYTES_PER_SERIAL = 32 * MIB
DEFAULT_HELD_BYTES_TOTAL = 256 * MIB
DEFAULT_PENDING_DEVICES_MAX = 100
WARNING_INTERVAL = dt.timedelta(hours=1)
LOGGED_DROPS = 20


class HeldQuotaExceeded(Exception):
    """An untrusted upload that does not fit in the quotas: nothing stored, nothing acknowledged."""


def held_bytes_per_serial() -> int:
    return int(getattr(settings, "ATTENDANCE_HELD_BYTES_PER_SERIAL", DEFAULT_HELD_BYTES_PER_SERIAL))


def held_bytes_total() -> int:
    return int(getattr(settings, "ATTENDANCE_HELD_BYTES_TOTAL", DEFAULT_HELD_BYTES_TOTAL))


def pending_devices_max() -> int:
    return int(getattr(settings, "ATTENDANCE_PENDING_DEVICES_MAX", DEFAULT_PENDING_DEVICES_MAX))


def _waiting() -> QuerySet[HeldUpload]:
    return HeldUpload.objects.filter(replayed_at__isnull=True)


def _bytes(rows: QuerySet[HeldUpload]) -> int:
    return int(rows.aggregate(total=Sum(Length("body")))["total"] or 0)


@dataclass(frozen=True)
class _Row:
    pk: int
    serial: str
    table: str
    size: int
    received_at: dt.datetime


def _oldest_to_drop(rows: QuerySet[HeldUpload], needed: int, skip: set[int]) -> list[_Row] | None:
    """The oldest evictable rows freeing at least ``needed`` bytes, or None when all of them
    would not free enough (then nothing is dropped)."""
    chosen: list[_Row] = []
    freed = 0
    candidates = (
        rows.filter(reason__in=EVICTABLE_HELD_REASONS)
        .exclude(pk__in=skip)
        .order_by("received_at", "pk")
        .values_list("pk", "device__serial", "table", Length("body"), "received_at")
    )
    for pk, serial, table, size, received_at in candidates.iterator():
        if freed >= needed:
            break
        chosen.append(_Row(pk, serial, table, int(size), received_at))
        freed += int(size)
    return chosen if freed >= needed else None


def _drop(rows: list[_Row], quota: str) -> None:
    HeldUpload.objects.filter(pk__in=[row.pk for row in rows]).delete()
    for row in rows[:LOGGED_DROPS]:
        logger.warning(
            "held data dropped (%s quota): device %s table %s, %d bytes received %s",
            quota,
            row.serial,
            row.table,
            row.size,
            row.received_at.isoformat(),
        )
    if len(rows) > LOGGED_DROPS:
        logger.warning(
            "held data dropped (%s quota): %d more uploads, %d bytes",
            quota,
            len(rows) - LOGGED_DROPS,
            sum(row.size for row in rows[LOGGED_DROPS:]),
        )


def _room_for_evictable(device: Device, size: int) -> bool:
    """Drop the oldest evictable data until ``size`` more bytes fit in both quotas; False (and
    nothing dropped) when they cannot."""
    mine = _waiting().filter(device=device)
    over_serial = _bytes(mine) + size - held_bytes_per_serial()
    from_serial: list[_Row] = []
    if over_serial > 0:
        found = _oldest_to_drop(mine, over_serial, set())
        if found is None:
            return False
        from_serial = found
    over_total = _bytes(_waiting()) - sum(row.size for row in from_serial) + size - held_bytes_total()
    from_total: list[_Row] = []
    if over_total > 0:
        found = _oldest_to_drop(_waiting(), over_total, {row.pk for row in from_serial})
        if found is None:
            return False
        from_total = found
    if from_serial:
        _drop(from_serial, "per-serial")
    if from_total:
        _drop(from_total, "total")
    return True


def held_store(
    *, device: Device, table: str, reason: str, body: bytes, content_type: str, stamp: str | None
) -> bool:
    """Keep an upload aside within the quotas. True when kept; False when evictable data could
    not fit (dropped, logged); raises :class:`HeldQuotaExceeded` for untrusted data that does not."""
    size = len(body)
    if reason in EVICTABLE_HELD_REASONS:
        if not _room_for_evictable(device, size):
            logger.warning(
                "held data dropped (over quota): device %s table %s, %d bytes not kept",
                device.serial,
                table[:32],
                size,
            )
            return False
    elif (
        _bytes(_waiting().filter(device=device)) + size > held_bytes_per_serial()
        or _bytes(_waiting()) + size > held_bytes_total()
    ):
        logger.warning(
            "device %s %s: %d bytes refused, held data over quota (%s)", device.serial, table, size, reason
        )
        raise HeldQuotaExceeded
    HeldUpload.objects.create(
        device=device,
        table=table[:32],
        reason=reason,
        body=body,
        content_type=content_type[:100],
        stamp=stamp or "",
    )
    return True


def _recently_warned(device: Device, action: str, now: dt.datetime) -> bool:
    return AuditEvent.objects.filter(
        action=action,
        object_type=Device._meta.label_lower,
        object_id=str(device.pk),
        at__gte=now - WARNING_INTERVAL,
    ).exists()


def _warn(device: Device, action: str, changes: dict[str, list[object]]) -> None:
    """Administrators' warning: an audit row, at most one an hour per device and kind."""
    if not _recently_warned(device, action, timezone.now()):
        audit_record(actor=None, action=action, obj=device, changes=changes)


def upload_trusted(*, device: Device, table: str, body: bytes, content_type: str, stamp: str | None) -> bool:
    """Whether an approved device's upload may be stored. ``device.last_ip`` is this request's
    address (set by ``device_seen``). Outside its allowed networks, or (with a communication key)
    from another address than the last handshake carrying the key, the upload is held instead,
    with a log line and an hourly audit warning; raises :class:`HeldQuotaExceeded` past the quotas."""
    ip = device.last_ip
    if not device.accepts_address(ip):
        held_store(
            device=device,
            table=table,
            reason=HeldReason.FOREIGN_ADDRESS,
            body=body,
            content_type=content_type,
            stamp=stamp,
        )
        logger.warning(
            "device %s sent %s from %s, outside its networks %s: held",
            device.serial,
            table,
            ip,
            ",".join(device.allowed_networks),
        )
        _warn(
            device,
            "device.foreign_address",
            {"address": [None, ip], "networks": [device.allowed_networks, None]},
        )
        return False
    if not device.key_accepts_address(ip):
        held_store(
            device=device,
            table=table,
            reason=HeldReason.BAD_KEY,
            body=body,
            content_type=content_type,
            stamp=stamp,
        )
        logger.warning(
            "device %s sent %s from %s, not the address of its last keyed handshake (%s): held",
            device.serial,
            table,
            ip,
            device.key_verified_ip or "none",
        )
        _warn(
            device,
            "device.bad_key",
            {"address": [None, ip], "verified_address": [device.key_verified_ip, None]},
        )
        return False
    return True


def comm_key_handshake(*, device: Device, sent: str | None, now: dt.datetime | None = None) -> bool:
    """The handshake's ``pushcommkey`` checked against the device's key: True when it has none or
    the key matches (this address becomes the one uploads are accepted from); False otherwise,
    with a log line and an hourly audit warning. The verified address is not cleared by a failed
    handshake, so a stranger's attempt does not cut the real device off."""
    if not device.has_comm_key:
        return True
    now = now or timezone.now()
    if device.comm_key_matches(sent):
        Device.objects.filter(pk=device.pk).update(key_verified_ip=device.last_ip, key_verified_at=now)
        device.key_verified_ip, device.key_verified_at = device.last_ip, now
        return True
    logger.warning(
        "device %s handshake from %s %s the communication key: refused",
        device.serial,
        device.last_ip,
        "with a wrong" if sent else "without",
    )
    _warn(device, "device.key_mismatch", {"address": [None, device.last_ip], "key_sent": [None, bool(sent)]})
    return False


def pending_room_make() -> None:
    """Before a new serial number is recorded: when as many devices as allowed already wait for
    approval, remove the one silent the longest, with what it sent (audit row and log line). A
    device still talking to the server is never the one removed; junk serials sent once are."""
    limit = pending_devices_max()
    pending = Device.objects.filter(status=DeviceStatus.PENDING)
    waiting = pending.count()
    if waiting < limit:
        return
    silent_first = pending.order_by(F("last_contact_at").asc(nulls_first=True), "first_seen_at", "pk")
    for device in silent_first[: waiting - limit + 1]:
        held = device.held.filter(replayed_at__isnull=True)
        count, size = held.count(), _bytes(held)
        logger.warning(
            "pending device %s removed (%d devices waiting, limit %d): %d held uploads, %d bytes dropped",
            device.serial,
            waiting,
            limit,
            count,
            size,
        )
        audit_record(
            actor=None,
            action="device.evict",
            obj=device,
            changes={
                "status": [DeviceStatus.PENDING, None],
                "held_uploads": [count, 0],
                "held_bytes": [size, 0],
            },
        )
        device.delete()
