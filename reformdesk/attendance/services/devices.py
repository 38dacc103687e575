"""What administrators do with devices: approve them, set whom to trust (networks, communication
key), decide on the uploads held because a sender failed those checks, queue commands."""

from __future__ import annotations

import datetime as dt
import ipaddress
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Min, Sum
from django.db.models.functions import Length
from django.utils import timezone
from django.utils.translation import gettext as _

from reformdesk.attendance.choices import UNTRUSTED_HELD_REASONS, CommandKind, DeviceLocation, DeviceStatus
from reformdesk.attendance.models import Device, DeviceCommand, HeldUpload
from reformdesk.attendance.receiver import PIN_RE, format_local_time
from reformdesk.attendance.services.receiving import held_replay
from reformdesk.core import crypto
from reformdesk.core.services.audit import Actor, audit_record
from reformdesk.org.models import Official, Unit
from reformdesk.org.permissions import Perm, require


def _require(actor: Actor, unit: Unit | None) -> None:
    if actor is not None:
        require(actor, Perm.MANAGE_DEVICES, unit)


@transaction.atomic
def device_approve(*, actor: Actor, device: Device, unit: Unit, location: str) -> int:
    """Approve a pending device for ``unit`` at ``location``, then store what it sent meanwhile.

    Returns the number of held lines replayed into punches, operations and photos.
    """
    _require(actor, unit)
    device = Device.objects.select_for_update().get(pk=device.pk)
    if device.status != DeviceStatus.PENDING:
        raise ValidationError(_("Chỉ duyệt được máy đang chờ duyệt."))
    if location not in DeviceLocation.values:
        raise ValidationError({"location": _("Vị trí phải là lối vào hoặc lối ra.")})
    if not unit.is_active_on(timezone.localdate()):
        raise ValidationError({"unit": _("Đơn vị này không còn hoạt động.")})
    device.unit, device.location, device.status = unit, location, DeviceStatus.APPROVED
    device.approved_at = timezone.now()
    device.approved_by = actor if actor is not None and actor.is_authenticated else None
    # The device may send only from where it first came from; the administrator widens it on the
    # device page (a DHCP range, a second site) with device_set_networks.
    first = device.first_ip or device.last_ip
    device.allowed_networks = [str(ipaddress.ip_network(first))] if first else []
    device.save(
        update_fields=["unit", "location", "status", "approved_at", "approved_by", "allowed_networks"]
    )
    replayed = held_replay(device=device)
    audit_record(
        actor=actor,
        action="device.approve",
        obj=device,
        changes={
            "status": [DeviceStatus.PENDING, DeviceStatus.APPROVED],
            "unit": [None, unit.code],
            "location": ["", location],
            "allowed_networks": [[], device.allowed_networks],
            "replayed_lines": [None, replayed],
        },
    )
    return replayed


def clean_networks(text: str) -> list[str]:
    """CIDR networks typed one per line or comma-separated, normalised (``10.1.2.7/24`` is
    ``10.1.2.0/24``); a ValidationError names the first one that is not a network."""
    networks: list[str] = []
    for part in text.replace(",", "\n").split():
        try:
            network = str(ipaddress.ip_network(part, strict=False))
        except ValueError:
            raise ValidationError(
                {
                    "allowed_networks": _("“%(value)s” không phải là địa chỉ hoặc dải địa chỉ (CIDR).")
                    % {"value": part[:50]}
                }
            ) from None
        if network not in networks:
            networks.append(network)
    return networks


@transaction.atomic
def device_set_networks(*, actor: Actor, device: Device, networks: list[str]) -> Device:
    """Set the networks an approved device may send from (an empty list: any address)."""
    _require(actor, device.unit)
    device = Device.objects.select_for_update().get(pk=device.pk)
    if device.status != DeviceStatus.APPROVED:  # a pending device gets its network on approval
        raise ValidationError(_("Chỉ đặt mạng và khóa giao tiếp cho máy đã duyệt."))
    cleaned = clean_networks("\n".join(networks))
    before = list(device.allowed_networks)
    device.allowed_networks = cleaned
    device.save(update_fields=["allowed_networks"])
    audit_record(
        actor=actor, action="device.networks", obj=device, changes={"allowed_networks": [before, cleaned]}
    )
    return device


# Printable ASCII without spaces: what a device's menu lets one type, and safe in a query string.
COMM_KEY_RE = re.compile(r"^[!-~]{1,64}$")


@transaction.atomic
def device_set_comm_key(*, actor: Actor, device: Device, key: str) -> Device:
    """Set (or, with ``""``, remove) the communication key the device sends on its handshake
    (``pushcommkey``). Stored encrypted and never shown again; the audit row says only whether a
    key is set. Uploads are then stored only from the address of the next handshake carrying it,
    so the device must handshake again (restart it once its menu has the same key)."""
    _require(actor, device.unit)
    key = key.strip()
    if key and not COMM_KEY_RE.match(key):
        raise ValidationError(
            {
                "comm_key": _(
                    "Khóa giao tiếp gồm 1 đến 64 chữ cái không dấu, chữ số hoặc ký hiệu, không có dấu cách."
                )
            }
        )
    device = Device.objects.select_for_update().get(pk=device.pk)
    if device.status != DeviceStatus.APPROVED:
        raise ValidationError(_("Chỉ đặt mạng và khóa giao tiếp cho máy đã duyệt."))
    had_key = device.has_comm_key
    device.comm_key = key
    device.key_verified_ip, device.key_verified_at = None, None
    device.save(update_fields=["comm_key_encrypted", "key_verified_ip", "key_verified_at"])
    audit_record(
        actor=actor, action="device.comm_key", obj=device, changes={"comm_key": [had_key, bool(key)]}
    )
    return device


def device_comm_keys_rotate() -> tuple[int, int]:
    """Encrypt every device's communication key again with the current key (``core.crypto``);
    returns the keys rotated and those no configured key opens (left as they are)."""
    rotated = unreadable = 0
    for pk in Device.objects.exclude(comm_key_encrypted="").order_by("pk").values_list("pk", flat=True):
        with transaction.atomic():
            device = Device.objects.select_for_update().get(pk=pk)
            try:
                device.comm_key_encrypted = crypto.rotate(device.comm_key_encrypted)
            except crypto.InvalidToken:
                unreadable += 1
                continue
            device.save(update_fields=["comm_key_encrypted"])
            rotated += 1
    return rotated, unreadable


@dataclass(frozen=True)
class _Held:
    """The uploads of a device held for failing a trust check, as the audit row describes them."""

    pks: list[int]
    size: int
    tables: list[str]
    received: list[dt.datetime | None]


def _untrusted_decision(actor: Actor, device: Device) -> tuple[Device, _Held]:
    _require(actor, device.unit)
    device = Device.objects.select_for_update().get(pk=device.pk)
    if device.status != DeviceStatus.APPROVED:
        raise ValidationError(_("Chỉ xử lý dữ liệu đang giữ của máy đã duyệt."))
    rows = HeldUpload.objects.filter(
        device=device, reason__in=UNTRUSTED_HELD_REASONS, replayed_at__isnull=True
    )
    pks = list(rows.values_list("pk", flat=True))
    if not pks:
        raise ValidationError(_("Máy không có dữ liệu nào đang bị giữ."))
    summary = rows.aggregate(size=Sum(Length("body")), first=Min("received_at"), last=Max("received_at"))
    held = _Held(
        pks=pks,
        size=int(summary["size"] or 0),
        tables=sorted(set(rows.values_list("table", flat=True))),
        received=[summary["first"], summary["last"]],
    )
    return device, held


@transaction.atomic
def device_held_release(*, actor: Actor, device: Device) -> int:
    """The administrator vouches for the uploads held from outside the device's networks or
    without its key (it moved network, its address changed): they are stored as punches,
    operations and photos, in arrival order. Returns the lines accepted."""
    device, held = _untrusted_decision(actor, device)
    lines = held_replay(device=device, reasons=UNTRUSTED_HELD_REASONS)
    audit_record(
        actor=actor,
        action="device.held_release",
        obj=device,
        changes={
            "held_uploads": [len(held.pks), 0],
            "held_bytes": [held.size, 0],
            "replayed_lines": [None, lines],
        },
    )
    return lines


@transaction.atomic
def device_held_discard(*, actor: Actor, device: Device) -> int:
    """The administrator judges those uploads not the device's: they are deleted (nobody vouches
    for their content, and deleting frees the quota); the audit row keeps how many, how large,
    which tables and when they came. Returns the number of uploads deleted."""
    device, held = _untrusted_decision(actor, device)
    HeldUpload.objects.filter(pk__in=held.pks).delete()
    audit_record(
        actor=actor,
        action="device.held_discard",
        obj=device,
        changes={
            "held_uploads": [len(held.pks), 0],
            "held_bytes": [held.size, 0],
            "tables": [held.tables, None],
            "received": [held.received, None],
        },
    )
    return len(held.pks)


def _enqueue(*, actor: Actor, device: Device, kind: str, command: str) -> DeviceCommand:
    _require(actor, device.unit)
    if device.status != DeviceStatus.APPROVED:
        raise ValidationError(_("Chỉ gửi lệnh cho máy đã duyệt."))
    with transaction.atomic():
        row = DeviceCommand.objects.create(
            device=device,
            kind=kind,
            command=command,
            created_by=actor if actor is not None and actor.is_authenticated else None,
        )
        audit_record(
            actor=actor, action="device_command.enqueue", obj=row, changes={"command": [None, command]}
        )
    return row


def _clean_pin(pin: str) -> str:
    pin = pin.strip()
    if not PIN_RE.match(pin):
        raise ValidationError({"pin": _("Mã chấm công chỉ gồm chữ, số, dấu chấm, gạch; tối đa 32 ký tự.")})
    return pin


def command_push_user(*, actor: Actor, device: Device, pin: str, official: Official) -> DeviceCommand:
    """Enrol (or rename) ``pin`` on the device under the official's name."""
    name = " ".join(official.full_name.split())[:24]  # devices keep short names; no tabs
    return _enqueue(
        actor=actor,
        device=device,
        kind=CommandKind.USER_UPDATE,
        command=f"DATA UPDATE USERINFO PIN={_clean_pin(pin)}\tName={name}\tPri=0",
    )


def command_delete_user(*, actor: Actor, device: Device, pin: str) -> DeviceCommand:
    return _enqueue(
        actor=actor,
        device=device,
        kind=CommandKind.USER_DELETE,
        command=f"DATA DELETE USERINFO PIN={_clean_pin(pin)}",
    )


def command_check(*, actor: Actor, device: Device) -> DeviceCommand:
    """Ask the device to compare stamps and re-upload what the server lacks."""
    return _enqueue(actor=actor, device=device, kind=CommandKind.CHECK, command="CHECK")


def _range(start: dt.datetime, end: dt.datetime) -> str:
    if end <= start:
        raise ValidationError({"end": _("Thời điểm kết thúc phải sau thời điểm bắt đầu.")})
    return f"StartTime={format_local_time(start)}\tEndTime={format_local_time(end)}"


def command_query_attlog(
    *, actor: Actor, device: Device, start: dt.datetime, end: dt.datetime
) -> DeviceCommand:
    """Ask the device to upload again its punches between ``start`` and ``end`` (resends are free)."""
    return _enqueue(
        actor=actor,
        device=device,
        kind=CommandKind.QUERY_ATTLOG,
        command=f"DATA QUERY ATTLOG {_range(start, end)}",
    )


def command_verify_sum(
    *, actor: Actor, device: Device, start: dt.datetime, end: dt.datetime
) -> DeviceCommand:
    """Ask the device how many punches it holds in a range, to reconcile with what was stored."""
    return _enqueue(
        actor=actor,
        device=device,
        kind=CommandKind.VERIFY_SUM,
        command=f"VERIFY SUM ATTLOG {_range(start, end)}",
    )


def command_reboot(*, actor: Actor, device: Device) -> DeviceCommand:
    return _enqueue(actor=actor, device=device, kind=CommandKind.REBOOT, command="REBOOT")
