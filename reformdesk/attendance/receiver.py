"""The ZKTeco push protocol ("ADMS", "iclock") as pure functions: parsing uploads, writing replies.

Nothing here touches the database, so every real-world line shape is tested directly
(``tests/test_receiver.py``). Devices send local time without a zone; the caller passes the
zone to read it in (Vietnam has no daylight saving, so no local time is ambiguous).
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import re
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import parse_qsl

VN_TZ = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
PIN_RE = re.compile(r"^[0-9A-Za-z_.\-]{1,32}$")
_ISO_TIME_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$")
_TIME_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%Y/%m/%d %H:%M:%S")
_PHOTO_NAME_RE = re.compile(r"^(?P<stamp>\d{14})(?:-(?P<pin>[0-9A-Za-z_.\-]{1,32}))?\.jpe?g$", re.I)
_HEADER_LINE_RE = re.compile(r"^\s*(PIN|SN|size|CMD)=", re.I)
# OPERLOG lines that carry biometric templates or pictures: acknowledged, never stored.
BIOMETRIC_PREFIXES = ("FP ", "FACE ", "BIODATA ", "USERPIC ", "BIOPHOTO ", "FVEIN ")
MAX_RAW_LINE = 500
_COUNT_KEYS = {"count", "attlogcount", "sum"}
MAX_OPTIONS = 200
# The device's clock keeps the year as an offset from 2000 (two digits), so no real punch lies
# outside these years. A line dated elsewhere (year 0001 from a corrupt record) is malformed:
# stored, it would overflow on conversion to UTC and block the whole batch.
FIRST_YEAR, LAST_YEAR = 2000, 2099


class LineError(ValueError):
    """One upload line the receiver cannot read; the reason is for the device's log."""


@dataclass(frozen=True)
class BadLine:
    number: int
    raw: str
    reason: str


@dataclass(frozen=True)
class AttLine:
    pin: str
    punched_at: dt.datetime
    status: int
    verify: int
    workcode: str
    raw: str


@dataclass(frozen=True)
class OpLine:
    code: int
    admin_pin: str
    occurred_at: dt.datetime
    values: str
    raw: str


@dataclass(frozen=True)
class UserLine:
    pin: str
    name: str
    raw: str


@dataclass
class AttBatch:
    lines: list[AttLine] = field(default_factory=list)
    bad: list[BadLine] = field(default_factory=list)


@dataclass
class OperBatch:
    operations: list[OpLine] = field(default_factory=list)
    users: list[UserLine] = field(default_factory=list)
    skipped: int = 0  # biometric lines: acknowledged, not stored
    bad: list[BadLine] = field(default_factory=list)

    @property
    def accepted(self) -> int:
        return len(self.operations) + len(self.users) + self.skipped


@dataclass(frozen=True)
class Photo:
    pin: str | None  # None: a failed verification
    taken_at: dt.datetime
    filename: str
    jpeg: bytes


@dataclass(frozen=True)
class CommandResult:
    command_id: int
    return_code: int
    command: str
    raw: str
    count: int | None = None  # a VERIFY SUM reply's number of punches (Count=, AttLogCount=, Sum=)


def decode_text(body: bytes) -> str:
    """Upload bodies are UTF-8 on current firmware; undecodable bytes become U+FFFD, never a crash."""
    return body.decode("utf-8", errors="replace")


def split_lines(text: str) -> list[tuple[int, str]]:
    """Non-blank lines with their 1-based numbers; LF, CRLF and lone CR all end a line."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return [(number, line) for number, line in enumerate(lines, start=1) if line.strip()]


def _in_clock_range(moment: dt.datetime, value: str) -> dt.datetime:
    if not FIRST_YEAR <= moment.year <= LAST_YEAR:
        raise LineError(f"time out of range {value[:40]!r}")
    return moment


def parse_local_time(value: str, tz: dt.tzinfo = VN_TZ) -> dt.datetime:
    """A device's local ``YYYY-MM-DD HH:MM:SS`` as an aware datetime in ``tz``, in the years
    ``FIRST_YEAR``–``LAST_YEAR``."""
    match = _ISO_TIME_RE.match(value.strip())
    if match:  # the protocol's own shape, read without strptime (a backlog has tens of thousands)
        try:
            year, month, day, hour, minute, second = (int(part) for part in match.groups())
            moment = dt.datetime(year, month, day, hour, minute, second, tzinfo=tz)
        except ValueError as error:
            raise LineError(f"bad time {value[:40]!r}") from error
        return _in_clock_range(moment, value)
    text = " ".join(value.split())
    for fmt in _TIME_FORMATS:
        try:
            moment = dt.datetime.strptime(text, fmt).replace(tzinfo=tz)
        except ValueError:
            continue
        return _in_clock_range(moment, value)
    raise LineError(f"bad time {value[:40]!r}")


def format_local_time(moment: dt.datetime, tz: dt.tzinfo = VN_TZ) -> str:
    return moment.astimezone(tz).strftime("%Y-%m-%d %H:%M:%S")


def _small_int(value: str, name: str) -> int:
    value = value.strip()
    if not value:
        return 0
    if not value.isdigit() or int(value) > 255:
        raise LineError(f"bad {name} {value[:20]!r}")
    return int(value)


def _pin(value: str) -> str:
    pin = value.strip()
    if not PIN_RE.match(pin):
        raise LineError(f"bad PIN {pin[:40]!r}")
    return pin


def _fields(line: str) -> list[str]:
    """Fields of an ATTLOG line: tab-separated; lines padded with spaces instead of tabs too."""
    if "\t" in line:
        return [f.strip() for f in line.strip("\r\n").split("\t")]
    # Some firmware and hand-made exports separate with spaces: PIN, date, time, the rest.
    parts = line.split()
    if len(parts) >= 3:
        return [parts[0], f"{parts[1]} {parts[2]}", *parts[3:]]
    return parts


def parse_attlog_line(line: str, tz: dt.tzinfo = VN_TZ) -> AttLine:
    """One ATTLOG line: ``PIN, time, status, verify[, workcode, reserved…]`` (4 to 12+ fields)."""
    fields = _fields(line)
    if len(fields) < 4:
        raise LineError(f"{len(fields)} fields, at least 4 needed")
    return AttLine(
        pin=_pin(fields[0]),
        punched_at=parse_local_time(fields[1], tz),
        status=_small_int(fields[2], "status"),
        verify=_small_int(fields[3], "verify"),
        workcode=fields[4][:32] if len(fields) > 4 else "",
        raw=line.strip("\r\n")[:MAX_RAW_LINE],
    )


def parse_attlog(text: str, tz: dt.tzinfo = VN_TZ) -> AttBatch:
    """Every line of an ATTLOG upload: the readable ones, and the others with a reason."""
    batch = AttBatch()
    for number, line in split_lines(text):
        try:
            batch.lines.append(parse_attlog_line(line, tz))
        except LineError as error:
            batch.bad.append(BadLine(number, line[:MAX_RAW_LINE], str(error)))
    return batch


def _key_values(text: str) -> dict[str, str]:
    """``Key=Value`` pairs separated by tabs (USER lines)."""
    result = {}
    for part in text.split("\t"):
        key, sep, value = part.partition("=")
        if sep:
            result[key.strip()] = value.strip()
    return result


def parse_operlog(text: str, tz: dt.tzinfo = VN_TZ) -> OperBatch:
    """OPERLOG upload: ``OPLOG`` operations, ``USER`` records, biometric lines (skipped)."""
    batch = OperBatch()
    for number, line in split_lines(text):
        stripped = line.strip()
        try:
            if stripped.startswith("OPLOG"):
                fields = [f.strip() for f in stripped[5:].strip().split("\t")]
                if len(fields) < 3 or not fields[0].isdigit():
                    raise LineError("bad OPLOG line")
                batch.operations.append(
                    OpLine(
                        code=int(fields[0]),
                        admin_pin=fields[1][:32],
                        occurred_at=parse_local_time(fields[2], tz),
                        values="\t".join(fields[3:])[:255],
                        raw=stripped[:MAX_RAW_LINE],
                    )
                )
            elif stripped.startswith("USER "):
                values = _key_values(stripped[5:])
                batch.users.append(
                    UserLine(
                        pin=_pin(values.get("PIN", "")),
                        name=values.get("Name", "")[:100],
                        raw=stripped[:MAX_RAW_LINE],
                    )
                )
            elif stripped.startswith(BIOMETRIC_PREFIXES):
                batch.skipped += 1
            else:
                raise LineError("unknown OPERLOG line")
        except LineError as error:
            batch.bad.append(BadLine(number, line[:MAX_RAW_LINE], str(error)))
    return batch


def is_jpeg(data: bytes) -> bool:
    """A JPEG starts with SOI and a marker and ends with EOI (padding after EOI tolerated)."""
    return len(data) > 4 and data[:3] == b"\xff\xd8\xff" and data.rstrip(b"\x00\r\n").endswith(b"\xff\xd9")


def _photo_name(filename: str, tz: dt.tzinfo) -> tuple[str | None, dt.datetime]:
    match = _PHOTO_NAME_RE.match(filename.strip())
    if not match:
        raise LineError(f"bad photo name {filename[:60]!r}")
    try:
        taken_at = dt.datetime.strptime(match["stamp"], "%Y%m%d%H%M%S").replace(tzinfo=tz)
    except ValueError as error:
        raise LineError(f"bad photo time {match['stamp']!r}") from error
    return match["pin"], _in_clock_range(taken_at, match["stamp"])


def parse_attphoto(body: bytes, tz: dt.tzinfo = VN_TZ) -> Photo:
    """An ATTPHOTO upload, binary (``header\\0<JPEG>``) or base64 (``photo=`` or trailing text)."""
    if b"\x00" in body:
        header_bytes, _nul, payload = body.partition(b"\x00")
        header = _header(decode_text(header_bytes))
    else:
        text = decode_text(body)
        header = _header(text)
        encoded = header.get("photo") or header.get("Content") or header.get("content")
        if encoded is None:
            # The base64 text follows the header lines (PIN=, SN=, size=, CMD=).
            tail = [line for _n, line in split_lines(text) if not _HEADER_LINE_RE.match(line)]
            encoded = "".join(line.strip() for line in tail)
        try:
            payload = base64.b64decode(encoded, validate=True)
        except (binascii.Error, ValueError) as error:
            raise LineError("photo is neither binary nor base64") from error
    name = header.get("PIN")
    if not name:
        raise LineError("photo without PIN= name")
    pin, taken_at = _photo_name(name, tz)
    if not is_jpeg(payload):
        raise LineError("photo is not a JPEG")
    return Photo(pin=pin, taken_at=taken_at, filename=name.strip(), jpeg=payload)


def _header(text: str) -> dict[str, str]:
    result: dict[str, str] = {}
    for _number, line in split_lines(text):
        key, sep, value = line.partition("=")
        if sep and key.strip() and key.strip() not in result:
            result[key.strip()] = value.strip()
    return result


def parse_options(text: str) -> dict[str, str]:
    """``options`` upload or INFO: ``~Key=Value`` pairs separated by commas or line ends."""
    result: dict[str, str] = {}
    for _number, line in split_lines(text):
        for part in line.split(","):
            key, sep, value = part.partition("=")
            key = key.strip().lstrip("~")
            if sep and key and len(result) < MAX_OPTIONS:
                result[key[:64]] = value.strip()[:255]
    return result


def parse_info(value: str) -> dict[str, str]:
    """getrequest's ``INFO=`` parameter: firmware, users, fingerprints, punches, IP, …"""
    names = ("FWVersion", "UserCount", "FPCount", "TransactionCount", "IPAddress", "FPVersion")
    parts = [p.strip() for p in value.split(",")]
    return {name: part[:255] for name, part in zip(names, parts, strict=False) if part}


def parse_command_results(text: str) -> list[CommandResult]:
    """devicecmd body: one ``ID=<id>&Return=<code>&CMD=<name>`` per line (extra keys ignored)."""
    results = []
    for _number, line in split_lines(text):
        values = dict(parse_qsl(line.strip(), keep_blank_values=True))
        raw_id, raw_return = values.get("ID", ""), values.get("Return", "")
        counts = [v for k, v in values.items() if k.lower() in _COUNT_KEYS and v.strip().isdigit()]
        try:
            results.append(
                CommandResult(
                    int(raw_id),
                    int(raw_return),
                    values.get("CMD", "")[:64],
                    line[:MAX_RAW_LINE],
                    int(counts[0]) if counts else None,
                )
            )
        except ValueError:
            continue
    return results


def handshake_reply(
    *,
    serial: str,
    attlog_stamp: str,
    operlog_stamp: str,
    attphoto_stamp: str,
    new_protocol: bool,
    delay: int = 10,
    error_delay: int = 30,
    trans_interval: int = 1,
) -> str:
    """The reply to ``GET /iclock/cdata?SN=…&options=all``: the device's settings and cursors.

    Firmware that sends ``pushver`` reads ``ATTLOGStamp``…; older firmware ``Stamp``, ``OpStamp``
    and ``PhotoStamp``. ``TransFlag`` must name ``AttPhoto`` or photos are never sent.
    """
    if new_protocol:
        stamps = [
            f"ATTLOGStamp={attlog_stamp}",
            f"OPERLOGStamp={operlog_stamp}",
            f"ATTPHOTOStamp={attphoto_stamp}",
        ]
    else:
        stamps = [f"Stamp={attlog_stamp}", f"OpStamp={operlog_stamp}", f"PhotoStamp={attphoto_stamp}"]
    lines = [
        f"GET OPTION FROM: {serial}",
        *stamps,
        f"ErrorDelay={error_delay}",
        f"Delay={delay}",
        "TransTimes=00:00;14:05",
        f"TransInterval={trans_interval}",
        "TransFlag=TransData AttLog\tOpLog\tAttPhoto\tEnrollUser\tChgUser\tEnrollFP\tChgFP\tUserPic",
        "TimeZone=7",
        "Realtime=1",
        "Encrypt=0",
    ]
    return "\n".join(lines) + "\n"


def commands_reply(commands: Iterable[tuple[int, str]]) -> str:
    """getrequest's reply: ``C:<id>:<command>`` lines, or ``OK`` when nothing is queued."""
    lines = [f"C:{command_id}:{text}" for command_id, text in commands]
    return "\n".join(lines) + "\n" if lines else "OK"


def command_range(command: str, tz: dt.tzinfo = VN_TZ) -> tuple[dt.datetime, dt.datetime] | None:
    """The ``StartTime``/``EndTime`` of a queued command's text, if it has both."""
    match = re.search(r"StartTime=([^\t]+)\tEndTime=([^\t]+)", command)
    if not match:
        return None
    try:
        return parse_local_time(match[1], tz), parse_local_time(match[2], tz)
    except LineError:
        return None


def clean_stamp(value: str | None) -> str | None:
    """A stamp the device sent, if it is one (digits, at most 20); anything else is ignored."""
    value = (value or "").strip()
    return value if value.isdigit() and len(value) <= 20 else None
