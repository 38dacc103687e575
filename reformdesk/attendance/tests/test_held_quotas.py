"""Quotas on held data: per serial number, in all, and on the number of devices waiting for approval.

Quotas here are tiny (100 bytes a serial, 250 in all, 3 pending devices) so each boundary is
crossed by exact body sizes: exactly at the limit keeps everything, one byte over drops the
oldest pending data (or refuses an approved device's untrusted upload with 429).
"""

from __future__ import annotations

import logging

import pytest
from django.test import Client

from reformdesk.attendance.choices import HeldReason
from reformdesk.attendance.models import Device, HeldUpload, Punch
from reformdesk.attendance.services.devices import device_set_networks
from reformdesk.attendance.tests.factories import attlog_line, make_device
from reformdesk.core.models import AuditEvent

pytestmark = pytest.mark.django_db

LOGGER = "reformdesk.attendance.receiver"


@pytest.fixture(autouse=True)
def _quotas(settings):
    settings.ATTENDANCE_HELD_BYTES_PER_SERIAL = 100
    settings.ATTENDANCE_HELD_BYTES_TOTAL = 250
    settings.ATTENDANCE_PENDING_DEVICES_MAX = 3


def send(serial: str, size: int, *, table: str = "BIODATA", ip: str = "10.9.0.1", fill: str = "x"):
    """An upload of exactly ``size`` bytes (a table the server does not read: held as it is)."""
    return Client().generic(
        "POST",
        f"/iclock/cdata?SN={serial}&table={table}",
        data=(fill * size).encode(),
        content_type="text/plain",
        REMOTE_ADDR=ip,
    )


def held() -> list[tuple[str, str, int]]:
    return [(h.device.serial, h.table, len(bytes(h.body))) for h in HeldUpload.objects.order_by("pk")]


def drops(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == LOGGER and r.levelno == logging.WARNING]


def test_exactly_the_per_serial_quota_is_kept(caplog):
    assert send("PENDA", 60).content == b"OK:1"
    assert send("PENDA", 40).content == b"OK:1"
    assert held() == [("PENDA", "BIODATA", 60), ("PENDA", "BIODATA", 40)]
    assert drops(caplog) == []


def test_one_byte_over_the_per_serial_quota_drops_the_serial_s_oldest(caplog):
    send("PENDA", 60, fill="a")
    send("PENDB", 10, fill="b")  # another serial's data, older than the new upload: untouched
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        assert send("PENDA", 41, fill="c").content == b"OK:1"
    assert held() == [("PENDB", "BIODATA", 10), ("PENDA", "BIODATA", 41)]
    assert HeldUpload.objects.filter(body=b"a" * 60).count() == 0
    [line] = drops(caplog)
    assert line.startswith(
        "held data dropped (per-serial quota): device PENDA table BIODATA, 60 bytes received "
    )


def test_a_pending_device_s_punches_count_too_and_are_dropped_oldest_first(caplog):
    first = attlog_line("1", "2025-09-08 07:00:00")  # 42 bytes a line
    second = attlog_line("2", "2025-09-08 07:05:00")
    Client().get("/iclock/cdata?SN=PENDC&options=all")
    for body in (first, second, first + "\n"):  # 42 + 42 + 43 = 127 > 100: the first goes
        response = Client().generic(
            "POST", "/iclock/cdata?SN=PENDC&table=ATTLOG&Stamp=5", data=body, content_type="text/plain"
        )
        assert response.content == b"OK:1"
    assert [len(bytes(h.body)) for h in HeldUpload.objects.order_by("pk")] == [42, 43]
    assert HeldUpload.objects.filter(reason=HeldReason.PENDING_DEVICE).count() == 2
    assert Device.objects.get(serial="PENDC").attlog_stamp == "5"  # acknowledged: the cursor moves
    [line] = drops(caplog)
    assert line.startswith(
        "held data dropped (per-serial quota): device PENDC table ATTLOG, 42 bytes received "
    )


def test_an_upload_larger_than_the_per_serial_quota_is_not_kept_and_drops_nothing(caplog):
    send("PENDA", 50)
    caplog.clear()
    assert send("PENDA", 101).content == b"OK:1"  # acknowledged: kept data would be dropped anyway
    assert held() == [("PENDA", "BIODATA", 50)]
    assert drops(caplog) == ["held data dropped (over quota): device PENDA table BIODATA, 101 bytes not kept"]


def test_exactly_the_total_quota_is_kept(caplog):
    send("PENDA", 100)
    send("PENDB", 100)
    send("PENDC", 50)
    assert sum(size for _s, _t, size in held()) == 250
    assert drops(caplog) == []


def test_one_byte_over_the_total_quota_drops_the_oldest_of_anyone(caplog):
    send("PENDA", 100)
    send("PENDB", 100)
    send("PENDC", 50)
    caplog.clear()
    assert send("PENDC", 1).content == b"OK:1"
    assert held() == [("PENDB", "BIODATA", 100), ("PENDC", "BIODATA", 50), ("PENDC", "BIODATA", 1)]
    [line] = drops(caplog)
    assert line.startswith("held data dropped (total quota): device PENDA table BIODATA, 100 bytes received ")


def test_an_approved_device_s_unknown_tables_are_quota_bound_like_pending_data(tree, caplog):
    device = make_device(unit=tree.commune_a, serial="APPR1")
    send("APPR1", 70)
    send("APPR1", 31)
    assert held() == [("APPR1", "BIODATA", 31)]
    assert HeldUpload.objects.get().reason == HeldReason.UNKNOWN_TABLE
    assert "device APPR1 table BIODATA, 70 bytes" in drops(caplog)[0]
    assert device.punches.count() == 0


def _foreign(device: Device, *, stamp: str = "7"):
    """One ATTLOG line (42 bytes) from outside the device's network."""
    return Client().generic(
        "POST",
        f"/iclock/cdata?SN={device.serial}&table=ATTLOG&Stamp={stamp}",
        data=attlog_line("1", "2025-09-08 07:00:00"),
        content_type="text/plain",
        REMOTE_ADDR="203.0.113.9",
    )


@pytest.fixture
def fenced(tree, personas) -> Device:
    device = make_device(unit=tree.commune_a, serial="FENCED")
    return device_set_networks(actor=personas.admin, device=device, networks=["10.1.2.0/24"])


def test_untrusted_uploads_exactly_at_the_quota_are_held(fenced, settings):
    settings.ATTENDANCE_HELD_BYTES_PER_SERIAL = 84
    assert (_foreign(fenced).content, _foreign(fenced).content) == (b"OK:1", b"OK:1")
    assert list(HeldUpload.objects.values_list("reason", flat=True)) == [HeldReason.FOREIGN_ADDRESS] * 2


def test_an_untrusted_upload_one_byte_over_the_quota_is_refused_and_nothing_is_dropped(
    fenced, settings, caplog
):
    settings.ATTENDANCE_HELD_BYTES_PER_SERIAL = 83
    assert _foreign(fenced, stamp="7").content == b"OK:1"
    refused = _foreign(fenced, stamp="8")  # 42 + 42 = 84 > 83
    assert (refused.status_code, refused.content) == (
        429,
        b"ERROR: too much data held for this device, retry later",
    )
    assert HeldUpload.objects.count() == 1
    fenced.refresh_from_db()
    assert (fenced.rejected_uploads, fenced.attlog_stamp) == (1, "7")  # the refused upload moved nothing
    assert Punch.objects.count() == 0
    assert "device FENCED ATTLOG: 42 bytes refused, held data over quota (foreign_address)" in drops(caplog)


@pytest.mark.parametrize(("pending", "status"), [(66, 200), (67, 429)])
def test_an_untrusted_upload_exactly_at_the_total_is_held_one_byte_over_refused(fenced, pending, status):
    send("PENDA", 100)
    send("PENDB", pending)
    _foreign(fenced)  # 100 + 66 + 42 = 208
    response = _foreign(fenced)  # 250: at the total; with 67 pending bytes, 251
    assert response.status_code == status
    assert HeldUpload.objects.filter(reason=HeldReason.FOREIGN_ADDRESS).count() == (2 if status == 200 else 1)
    assert [size for _s, _t, size in held()][:2] == [100, pending]  # pending data never makes room


def test_untrusted_uploads_are_refused_past_the_total_and_never_make_room(fenced, caplog):
    send("PENDA", 100)
    send("PENDB", 100)
    assert _foreign(fenced).content == b"OK:1"  # 242 of 250
    assert _foreign(fenced).status_code == 429  # 284: pending data is not dropped for it
    assert held() == [("PENDA", "BIODATA", 100), ("PENDB", "BIODATA", 100), ("FENCED", "ATTLOG", 42)]
    caplog.clear()
    assert send("PENDC", 9).content == b"OK:1"  # 251: the oldest pending data goes, not the punches
    assert held() == [("PENDB", "BIODATA", 100), ("FENCED", "ATTLOG", 42), ("PENDC", "BIODATA", 9)]
    assert drops(caplog)[0].startswith(
        "held data dropped (total quota): device PENDA table BIODATA, 100 bytes"
    )


def test_pending_data_that_fits_only_by_dropping_untrusted_uploads_is_not_kept(fenced, settings, caplog):
    settings.ATTENDANCE_HELD_BYTES_PER_SERIAL = 250
    for _ in range(5):
        _foreign(fenced)  # 210 bytes held, none of them droppable
    assert send("PENDA", 40).content == b"OK:1"  # 250: fits exactly
    caplog.clear()
    assert send("PENDB", 1).content == b"OK:1"  # 251: only PENDA's 40 may go, and that suffices
    assert held()[-2:] == [("FENCED", "ATTLOG", 42), ("PENDB", "BIODATA", 1)]
    assert send("PENDB", 50).content == b"OK:1"  # 211 + 50 = 261: 1 droppable byte is not enough
    assert HeldUpload.objects.filter(reason=HeldReason.FOREIGN_ADDRESS).count() == 5
    assert held()[-1] == ("PENDB", "BIODATA", 1)
    assert (
        drops(caplog)[-1] == "held data dropped (over quota): device PENDB table BIODATA, 50 bytes not kept"
    )


def test_the_pending_devices_cap_exactly_reached_removes_nobody():
    for serial in ("NEW1", "NEW2", "NEW3"):
        assert Client().get(f"/iclock/cdata?SN={serial}&options=all").status_code == 200
    assert sorted(Device.objects.values_list("serial", flat=True)) == ["NEW1", "NEW2", "NEW3"]
    assert not AuditEvent.objects.filter(action="device.evict").exists()


def test_one_serial_over_the_cap_removes_the_pending_device_silent_the_longest(tree, caplog):
    make_device(unit=tree.commune_a, serial="APPROVED")  # approved devices do not count
    send("NEW2", 30)  # registers NEW2 and holds 30 bytes
    for serial in ("NEW1", "NEW3"):
        Client().get(f"/iclock/cdata?SN={serial}&options=all")
    Client().get("/iclock/getrequest?SN=NEW2")  # NEW2 talks again: NEW1 is silent the longest
    Client().get("/iclock/getrequest?SN=NEW3")
    send("NEW1", 20)
    Client().get("/iclock/getrequest?SN=NEW3")
    Client().get("/iclock/getrequest?SN=NEW2")  # order of last contact: NEW1, NEW3, NEW2
    caplog.clear()
    assert Client().get("/iclock/cdata?SN=NEW4&options=all").status_code == 200
    assert sorted(Device.objects.values_list("serial", flat=True)) == ["APPROVED", "NEW2", "NEW3", "NEW4"]
    assert held() == [("NEW2", "BIODATA", 30)]
    event = AuditEvent.objects.get(action="device.evict")
    assert (event.object_repr, event.changes["held_uploads"], event.changes["held_bytes"]) == (
        "NEW1",
        [1, 0],
        [20, 0],
    )
    assert drops(caplog) == [
        "pending device NEW1 removed (3 devices waiting, limit 3): 1 held uploads, 20 bytes dropped"
    ]
