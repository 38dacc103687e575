"""What devices upload, stored. Called by the thin ``/iclock/…`` views; no permissions (devices).

Every upload is one transaction: the caller replies ``OK:<n>`` only after it returns, so an
acknowledged line is committed. ``n`` counts the lines accepted from the batch, *including lines
already stored* by an earlier (resent) upload: a device drops what was acknowledged and would
otherwise resend a batch of duplicates forever. Malformed lines are not counted; they are
logged and counted on the device. Storing is idempotent (unique device + PIN + time, inserted
with ``ON CONFLICT DO NOTHING``), so five concurrent resends leave one row per punch.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Collection, Mapping, Sequence

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone

from reformdesk.attendance.choices import CommandKind, CommandStatus, DeviceStatus, HeldReason, PersonSource
from reformdesk.attendance.models import (
    Device,
    DeviceCommand,
    DeviceOperation,
    DevicePerson,
    HeldUpload,
    Punch,
    PunchPhoto,
)
from reformdesk.attendance.receiver import (
    AttLine,
    BadLine,
    LineError,
    OperBatch,
    Photo,
    clean_stamp,
    command_range,
    decode_text,
    format_local_time,
    parse_attlog,
    parse_attphoto,
    parse_command_results,
    parse_info,
    parse_operlog,
    parse_options,
)
from reformdesk.attendance.services.held import held_store, pending_room_make, upload_trusted
from reformdesk.attendance.services.people import people_from_device
from reformdesk.attendance.services.photos import retention_days
from reformdesk.core.services.audit import audit_record

logger = logging.getLogger("reformdesk.attendance.receiver")

KNOWN_TABLES = ("ATTLOG", "OPERLOG", "ATTPHOTO", "options")
STAMP_FIELDS = {"ATTLOG": "attlog_stamp", "OPERLOG": "operlog_stamp", "ATTPHOTO": "attphoto_stamp"}
DEFAULT_FUTURE_MINUTES = 10
MAX_COMMANDS_PER_POLL = 20


def _future_limit(now: dt.datetime) -> dt.datetime:
    minutes = getattr(settings, "ATTENDANCE_FUTURE_TOLERANCE_MINUTES", DEFAULT_FUTURE_MINUTES)
    return now + dt.timedelta(minutes=minutes)


def device_seen(
    *,
    serial: str,
    ip: str | None,
    push_version: str | None = None,
    now: dt.datetime | None = None,
    may_register: Callable[[], bool] = lambda: True,
) -> Device | None:
    """The device with this serial, created as pending on first contact; its last contact updated.
    None when the serial is new and ``may_register`` refuses (too many new serials from one place).
    A new serial beyond ``ATTENDANCE_PENDING_DEVICES_MAX`` pending devices removes the one silent
    the longest (``held.pending_room_make``)."""
    now = now or timezone.now()
    device = Device.objects.filter(serial=serial).first()
    if device is None:
        if not may_register():
            return None
        try:
            with transaction.atomic():
                pending_room_make()
                device = Device.objects.create(
                    serial=serial, first_seen_at=now, last_contact_at=now, last_ip=ip, first_ip=ip
                )
                audit_record(
                    actor=None, action="device.register", obj=device, changes={"serial": [None, serial]}
                )
        except IntegrityError:  # another request of the same device created it meanwhile
            device = Device.objects.get(serial=serial)
    updates: dict[str, object] = {"last_contact_at": now, "last_ip": ip}
    if push_version and push_version[:20] != device.push_version:
        updates["push_version"] = push_version[:20]
    Device.objects.filter(pk=device.pk).update(**updates)
    for name, value in updates.items():
        setattr(device, name, value)
    return device


def _note_malformed(device: Device, table: str, bad: Sequence[BadLine], now: dt.datetime) -> None:
    if not bad:
        return
    Device.objects.filter(pk=device.pk).update(
        malformed_lines=F("malformed_lines") + len(bad), last_malformed_at=now
    )
    for line in bad[:20]:
        logger.warning(
            "device %s %s line %d malformed (%s): %r",
            device.serial,
            table,
            line.number,
            line.reason,
            line.raw,
        )
    if len(bad) > 20:
        logger.warning("device %s %s: %d more malformed lines", device.serial, table, len(bad) - 20)


def _set_stamp(device: Device, table: str, stamp: str | None) -> None:
    name = STAMP_FIELDS.get(table)
    if name and stamp is not None:
        Device.objects.filter(pk=device.pk).update(**{name: stamp})
        setattr(device, name, stamp)


def upload_rejected(*, device: Device, reason: str) -> None:
    """Count and log an upload refused whole (too large, wrong content type): nothing was stored."""
    Device.objects.filter(pk=device.pk).update(rejected_uploads=F("rejected_uploads") + 1)
    logger.warning("device %s upload rejected: %s", device.serial, reason)


def _hold(device: Device, table: str, reason: str, body: bytes, content_type: str, stamp: str | None) -> None:
    held_store(device=device, table=table, reason=reason, body=body, content_type=content_type, stamp=stamp)


def _trusted(device: Device, table: str, body: bytes, content_type: str, stamp: str | None) -> bool:
    return upload_trusted(device=device, table=table, body=body, content_type=content_type, stamp=stamp)


def punches_store(*, device: Device, lines: Sequence[AttLine], now: dt.datetime) -> int:
    """Insert the punches not stored yet (duplicates are skipped by the database); link photos."""
    assert device.unit_id is not None
    if not lines:
        return 0
    pins = {line.pin for line in lines}
    people = dict(
        DevicePerson.objects.filter(unit_id=device.unit_id, pin__in=pins).values_list("pin", "official_id")
    )
    DevicePerson.objects.bulk_create(
        [
            DevicePerson(unit_id=device.unit_id, pin=pin, source=PersonSource.DEVICE, source_device=device)
            for pin in sorted(pins - people.keys())
        ],
        ignore_conflicts=True,
    )
    limit = _future_limit(now)
    stored = set(
        Punch.objects.filter(
            device=device,
            punched_at__range=(
                min(line.punched_at for line in lines),
                max(line.punched_at for line in lines),
            ),
        ).values_list("pin", "punched_at")
    )
    fresh: dict[tuple[str, dt.datetime], AttLine] = {}
    for line in lines:
        key = (line.pin, line.punched_at)
        if key not in stored:
            fresh.setdefault(key, line)
    _insert_punches(device, list(fresh.values()), people, now, limit)
    _link_waiting_photos(device, lines)
    _recompute_late_days(device.unit_id, lines)
    return len(lines)


_PUNCH_COLUMNS = (
    "device_id",
    "unit_id",
    "pin",
    "official_id",
    "punched_at",
    "status",
    "verify",
    "workcode",
    "raw_line",
    "received_at",
    "is_future",
)


_PG_TYPES = (
    "bigint",
    "bigint",
    "varchar",
    "bigint",
    "timestamptz",
    "smallint",
    "smallint",
    "varchar",
    "varchar",
    "timestamptz",
    "boolean",
)


def _insert_punches(
    device: Device,
    lines: Sequence[AttLine],
    people: Mapping[str, int | None],
    now: dt.datetime,
    limit: dt.datetime,
) -> None:
    """``INSERT … ON CONFLICT DO NOTHING`` without the ORM: a backlog of 50,000 lines took
    several seconds when ``bulk_create`` compiled one statement per eighty rows (SQLite's
    parameter limit). Table and column names come from the model. A concurrent resend that
    inserted a row first wins; this one skips it."""
    if not lines:
        return
    adapt = connection.ops.adapt_datetimefield_value
    table = connection.ops.quote_name(Punch._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(c) for c in _PUNCH_COLUMNS)
    placeholders = ", ".join(["%s"] * len(_PUNCH_COLUMNS))
    received = adapt(now)
    conflict = "ON CONFLICT (device_id, pin, punched_at) DO NOTHING"
    rows = [
        (
            device.pk,
            device.unit_id,
            line.pin,
            people.get(line.pin),
            adapt(line.punched_at),
            line.status,
            line.verify,
            line.workcode,
            line.raw,
            received,
            line.punched_at > limit,
        )
        for line in lines
    ]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # one statement: each column as one array
            arrays = ", ".join(f"%s::{kind}[]" for kind in _PG_TYPES)
            cursor.execute(
                f"INSERT INTO {table} ({columns}) SELECT * FROM unnest({arrays}) {conflict}",  # noqa: S608
                [list(column) for column in zip(*rows, strict=True)],
            )
        else:  # SQLite runs a prepared statement per row in-process, and allows few parameters
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders}) {conflict}", rows)  # noqa: S608


def _recompute_late_days(unit_id: int, lines: Sequence[AttLine]) -> None:
    """Punches of past days arrived late: their daily records are recomputed after the commit."""
    today = timezone.localdate()
    days = sorted({line.punched_at.date() for line in lines if line.punched_at.date() < today})
    if days:
        from reformdesk.attendance.tasks import recompute_days

        transaction.on_commit(lambda: recompute_days.enqueue(unit_id, [day.isoformat() for day in days]))


def _link_waiting_photos(device: Device, lines: Sequence[AttLine]) -> None:
    """Photos that arrived before their punch: attach them now (same device, PIN and second)."""
    first = min(line.punched_at for line in lines)
    last = max(line.punched_at for line in lines)
    waiting = list(
        PunchPhoto.objects.filter(
            device=device, punch__isnull=True, pin__isnull=False, taken_at__range=(first, last)
        ).values_list("pk", "pin", "taken_at")
    )
    if not waiting:
        return
    punches: dict[tuple[str | None, dt.datetime], int] = {
        (pin, at): pk
        for pk, pin, at in Punch.objects.filter(
            device=device,
            pin__in={p for _pk, p, _at in waiting},
            punched_at__in={at for _pk, _p, at in waiting},
        ).values_list("pk", "pin", "punched_at")
    }
    for photo_pk, pin, taken_at in waiting:
        punch_pk = punches.get((pin, taken_at))
        if punch_pk is not None:
            PunchPhoto.objects.filter(pk=photo_pk).update(punch_id=punch_pk)


def _approved(device: Device) -> bool:
    return device.status == DeviceStatus.APPROVED


@transaction.atomic
def attlog_receive(
    *,
    device: Device,
    body: bytes,
    stamp: str | None = None,
    content_type: str = "",
    now: dt.datetime | None = None,
) -> int:
    """An ATTLOG upload; returns the number of lines accepted (stored now or before)."""
    now = now or timezone.now()
    batch = parse_attlog(decode_text(body))
    if _approved(device):
        if _trusted(device, "ATTLOG", body, content_type, stamp):
            punches_store(device=device, lines=batch.lines, now=now)
    elif batch.lines:
        _hold(device, "ATTLOG", HeldReason.PENDING_DEVICE, body, content_type, stamp)
    _note_malformed(device, "ATTLOG", batch.bad, now)
    _set_stamp(device, "ATTLOG", clean_stamp(stamp))
    return len(batch.lines)


def operations_store(*, device: Device, batch: OperBatch, now: dt.datetime) -> int:
    """The tamper trail and the device's user records of an OPERLOG batch (biometrics dropped)."""
    DeviceOperation.objects.bulk_create(
        [
            DeviceOperation(
                device=device,
                code=op.code,
                admin_pin=op.admin_pin,
                occurred_at=op.occurred_at,
                values=op.values,
                raw_line=op.raw,
                received_at=now,
            )
            for op in batch.operations
        ],
        ignore_conflicts=True,
    )
    people_from_device(device=device, users=batch.users)
    return batch.accepted


@transaction.atomic
def operlog_receive(
    *,
    device: Device,
    body: bytes,
    stamp: str | None = None,
    content_type: str = "",
    now: dt.datetime | None = None,
) -> int:
    """An OPERLOG upload: the tamper trail and the device's user records (biometrics dropped)."""
    now = now or timezone.now()
    batch = parse_operlog(decode_text(body))
    if _approved(device):
        if _trusted(device, "OPERLOG", body, content_type, stamp):
            operations_store(device=device, batch=batch, now=now)
    elif batch.accepted:
        _hold(device, "OPERLOG", HeldReason.PENDING_DEVICE, body, content_type, stamp)
    _note_malformed(device, "OPERLOG", batch.bad, now)
    _set_stamp(device, "OPERLOG", clean_stamp(stamp))
    return batch.accepted


def photo_receive(
    *,
    device: Device,
    body: bytes,
    stamp: str | None = None,
    content_type: str = "",
    now: dt.datetime | None = None,
) -> int:
    """An ATTPHOTO upload: 1 when stored (now or before, or past retention and dropped), 0 when
    unreadable or not a JPEG."""
    now = now or timezone.now()
    try:
        photo = parse_attphoto(body)
    except LineError as error:
        with transaction.atomic():
            _note_malformed(device, "ATTPHOTO", [BadLine(1, decode_text(body[:120]), str(error))], now)
        return 0
    with transaction.atomic():
        if not _approved(device):
            _hold(device, "ATTPHOTO", HeldReason.PENDING_DEVICE, body, content_type, stamp)
            _set_stamp(device, "ATTPHOTO", clean_stamp(stamp))
            return 1
        if _trusted(device, "ATTPHOTO", body, content_type, stamp):
            photo_store(device=device, photo=photo, now=now)
        _set_stamp(device, "ATTPHOTO", clean_stamp(stamp))
    return 1


def photo_store(*, device: Device, photo: Photo, now: dt.datetime) -> int:
    """Store a punch photo once, linked to its punch when that arrived first; a photo older than
    the retention period (a late backlog) is not kept. Returns 1 (the photo is accepted)."""
    same = PunchPhoto.objects.filter(device=device, taken_at=photo.taken_at)
    same = same.filter(pin=photo.pin) if photo.pin else same.filter(pin__isnull=True)
    expired = photo.taken_at < now - dt.timedelta(days=retention_days())
    if not expired and not same.exists():
        punch = (
            Punch.objects.filter(device=device, pin=photo.pin, punched_at=photo.taken_at).first()
            if photo.pin
            else None
        )
        row = PunchPhoto(
            device=device, pin=photo.pin, taken_at=photo.taken_at, size=len(photo.jpeg), punch=punch
        )
        row.image.save(photo.filename, ContentFile(photo.jpeg), save=False)
        try:
            with transaction.atomic():
                row.save()
        except IntegrityError:  # the same photo, stored by a concurrent resend
            row.image.delete(save=False)
    return 1


@transaction.atomic
def options_receive(*, device: Device, text: str) -> int:
    """The device's reported options (``table=options``) or INFO: model, firmware, counters."""
    options = parse_options(text)
    return _options_merge(device, options)


def info_receive(*, device: Device, info: str) -> int:
    return _options_merge(device, parse_info(info))


def _options_merge(device: Device, options: dict[str, str]) -> int:
    if not options:
        return 0
    merged = {**device.options, **options}
    updates: dict[str, object] = {"options": merged}
    firmware = options.get("FWVersion") or options.get("FirmVer")
    model = options.get("DeviceName") or options.get("DeviceType")
    if firmware:
        updates["firmware"] = firmware[:100]
    if model:
        updates["model_name"] = model[:100]
    Device.objects.filter(pk=device.pk).update(**updates)
    for name, value in updates.items():
        setattr(device, name, value)
    return len(options)


@transaction.atomic
def unknown_table_receive(*, device: Device, table: str, body: bytes, content_type: str = "") -> int:
    """A table this server does not read: kept byte for byte, acknowledged so the device moves on."""
    _hold(device, table, HeldReason.UNKNOWN_TABLE, body, content_type, None)
    logger.info("device %s sent unknown table %r (%d bytes), held", device.serial, table[:32], len(body))
    return len(decode_text(body).splitlines())


def commands_take(*, device: Device, now: dt.datetime | None = None) -> list[tuple[int, str]]:
    """The queued commands handed out on this poll, marked sent (approved devices polling from
    their allowed networks, and with a communication key from its verified address, only:
    commands carry officials' names)."""
    if not _approved(device) or not device.accepts_address(device.last_ip):
        return []
    if not device.key_accepts_address(device.last_ip):
        return []
    now = now or timezone.now()
    with transaction.atomic():
        rows = list(
            DeviceCommand.objects.select_for_update()
            .filter(device=device, status=CommandStatus.QUEUED)
            .order_by("pk")
            .values_list("pk", "command")[:MAX_COMMANDS_PER_POLL]
        )
        DeviceCommand.objects.filter(pk__in=[pk for pk, _c in rows]).update(
            status=CommandStatus.SENT, sent_at=now
        )
    return rows


@transaction.atomic
def command_results_receive(*, device: Device, text: str, now: dt.datetime | None = None) -> int:
    """devicecmd: each ``ID=…&Return=…`` closes one of this device's commands (negative = failed).
    A reconciliation whose device holds more punches than were stored queues a re-fetch."""
    now = now or timezone.now()
    done = 0
    for result in parse_command_results(text):
        command = DeviceCommand.objects.filter(
            device=device, pk=result.command_id, status__in=[CommandStatus.SENT, CommandStatus.QUEUED]
        ).first()
        if command is None:
            continue
        command.status = CommandStatus.DONE if result.return_code >= 0 else CommandStatus.FAILED
        command.return_code, command.result, command.completed_at = result.return_code, result.raw, now
        fields = ["status", "return_code", "result", "completed_at"]
        span = command_range(command.command)
        if command.kind == CommandKind.VERIFY_SUM and result.count is not None and span is not None:
            command.device_count = result.count
            command.stored_count = Punch.objects.filter(device=device, punched_at__range=span).count()
            fields += ["device_count", "stored_count"]
            if command.device_count > command.stored_count:
                _refetch(device, span, now)
        command.save(update_fields=fields)
        done += 1
    return done


def _refetch(device: Device, span: tuple[dt.datetime, dt.datetime], now: dt.datetime) -> None:
    text = f"DATA QUERY ATTLOG StartTime={format_local_time(span[0])}\tEndTime={format_local_time(span[1])}"
    row = DeviceCommand.objects.create(
        device=device, kind=CommandKind.QUERY_ATTLOG, command=text, created_at=now
    )
    audit_record(actor=None, action="device_command.enqueue", obj=row, changes={"command": [None, text]})
    logger.warning("device %s holds punches the server lacks; %s queued", device.serial, text)


def held_replay(
    *,
    device: Device,
    reasons: Collection[str] = (HeldReason.PENDING_DEVICE,),
    now: dt.datetime | None = None,
) -> int:
    """Store the held uploads of ``device`` for ``reasons``, in arrival order, through the same code
    as live uploads minus the checks that held them (the caller decided: an approval, a release).
    Inside the caller's transaction; rows are locked and marked ``replayed_at``, so a second call
    (or a concurrent one) replays nothing. Returns the number of lines accepted."""
    now = now or timezone.now()
    total = 0
    held = list(
        HeldUpload.objects.select_for_update()
        .filter(device=device, reason__in=list(reasons), replayed_at__isnull=True)
        .order_by("received_at", "pk")
    )
    for upload in held:
        body = bytes(upload.body)
        if upload.table == "ATTLOG":
            total += punches_store(device=device, lines=parse_attlog(decode_text(body)).lines, now=now)
        elif upload.table == "OPERLOG":
            total += operations_store(device=device, batch=parse_operlog(decode_text(body)), now=now)
        elif upload.table == "ATTPHOTO":  # read once already: only readable photos are held
            total += photo_store(device=device, photo=parse_attphoto(body), now=now)
    HeldUpload.objects.filter(pk__in=[u.pk for u in held]).update(replayed_at=now)
    return total
