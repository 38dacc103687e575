"""Devices, people on devices and upload bodies for the attendance tests."""

from __future__ import annotations

import datetime as dt
import itertools

from django.utils import timezone

from reformdesk.attendance.choices import DeviceLocation, DeviceStatus, PersonSource
from reformdesk.attendance.jpeg import tiny_jpeg
from reformdesk.attendance.models import Device, DevicePerson
from reformdesk.org.models import Official, Unit

_serials = itertools.count(1)


def make_device(
    *, unit: Unit | None = None, location: str = DeviceLocation.ENTRANCE, serial: str | None = None
) -> Device:
    """An approved device at ``unit`` (a pending one when ``unit`` is None)."""
    serial = serial or f"CQZ72244{next(_serials):05d}"
    if unit is None:
        return Device.objects.create(serial=serial)
    return Device.objects.create(
        serial=serial,
        unit=unit,
        location=location,
        status=DeviceStatus.APPROVED,
        approved_at=timezone.now(),
        last_contact_at=timezone.now(),
    )


def map_pin(*, unit: Unit, pin: str, official: Official | None) -> DevicePerson:
    return DevicePerson.objects.create(unit=unit, pin=pin, official=official, source=PersonSource.HAND)


def attlog_line(pin: str, local: str, status: int = 0, verify: int = 15) -> str:
    return f"{pin}\t{local}\t{status}\t{verify}\t0\t0\t0\t0\t0\t0\t0\t0"


def photo_body(name: str, jpeg: bytes | None = None) -> bytes:
    jpeg = tiny_jpeg(name) if jpeg is None else jpeg
    return f"PIN={name}\nSN=X\nsize={len(jpeg)}\nCMD=uploadphoto".encode() + b"\x00" + jpeg


def vn(*args: int) -> dt.datetime:
    from reformdesk.attendance.receiver import VN_TZ

    return dt.datetime(*args, tzinfo=VN_TZ)
