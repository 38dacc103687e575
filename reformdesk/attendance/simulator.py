"""A ZKTeco-like terminal speaking the push protocol over HTTP, for the demo, tests and benchmark.

``SimulatedDevice`` keeps its records in memory like a terminal does, uploads what the server has
not acknowledged, polls for commands and executes them. Its transport is pluggable:
``HttpTransport`` talks to a running server (``manage.py simulate_devices``, a ``live_server``);
``ClientTransport`` drives Django's test client. ``simulate_day`` plays an office day.
No Django import here: the simulator is a device, it knows only HTTP.
"""

from __future__ import annotations

import base64
import datetime as dt
import http.client
import random
import urllib.parse
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from reformdesk.attendance.jpeg import tiny_jpeg
from reformdesk.attendance.receiver import VN_TZ, format_local_time, parse_local_time

VERIFY_FACE, VERIFY_FINGER = 15, 1


class Transport(Protocol):
    def __call__(
        self, method: str, path: str, params: dict[str, str], body: bytes = b"", content_type: str = ""
    ) -> tuple[int, str]: ...


class HttpTransport:
    """Plain HTTP to ``base_url`` (``http://127.0.0.1:8000``), one connection per request."""

    def __init__(self, base_url: str, timeout: float = 30.0) -> None:
        parts = urllib.parse.urlsplit(base_url)
        if parts.scheme not in {"http", "https"} or not parts.hostname:
            raise ValueError(f"not an http(s) URL: {base_url!r}")
        self.scheme, self.host, self.port = parts.scheme, parts.hostname, parts.port
        self.prefix = parts.path.rstrip("/")
        self.timeout = timeout

    def __call__(
        self, method: str, path: str, params: dict[str, str], body: bytes = b"", content_type: str = ""
    ) -> tuple[int, str]:
        connection_class = (
            http.client.HTTPSConnection if self.scheme == "https" else http.client.HTTPConnection
        )
        connection = connection_class(self.host, self.port, timeout=self.timeout)
        headers = {"Content-Type": content_type} if content_type else {}
        try:
            target = f"{self.prefix}{path}?{urllib.parse.urlencode(params)}"
            connection.request(method, target, body=body if method == "POST" else None, headers=headers)
            response = connection.getresponse()
            return response.status, response.read().decode("utf-8", errors="replace")
        finally:
            connection.close()


class ClientTransport:
    """Django's test ``Client`` (or anything with its ``generic`` method)."""

    def __init__(self, client: Any) -> None:
        self.client = client

    def __call__(
        self, method: str, path: str, params: dict[str, str], body: bytes = b"", content_type: str = ""
    ) -> tuple[int, str]:
        url = f"{path}?{urllib.parse.urlencode(params)}"
        response = self.client.generic(method, url, data=body, content_type=content_type or "text/plain")
        return response.status_code, response.content.decode("utf-8", errors="replace")


@dataclass
class Record:
    pin: str
    at: dt.datetime
    status: int = 0
    verify: int = VERIFY_FACE

    def line(self) -> str:
        return (
            f"{self.pin}\t{format_local_time(self.at)}\t{self.status}\t{self.verify}\t0\t0\t0\t0\t0\t0\t0\t0"
        )


@dataclass
class SimulatedDevice:
    """One terminal. ``online = False`` simulates an outage: punches pile up on the device."""

    serial: str
    transport: Transport
    push_version: str = "2.4.1"
    model: str = "SpeedFace-V5L"
    firmware: str = "ZAM180-NF-Ver1.0.7"
    users: dict[str, str] = field(default_factory=dict)
    online: bool = True
    records: list[Record] = field(default_factory=list)
    unsent: list[Record] = field(default_factory=list)
    unsent_photos: list[tuple[str | None, dt.datetime]] = field(default_factory=list)
    last_batch: list[Record] = field(default_factory=list)
    options: dict[str, str] = field(default_factory=dict)
    executed: list[tuple[int, str, int]] = field(default_factory=list)
    requests: int = 0
    stamp: int = 0

    def _call(
        self, method: str, path: str, body: bytes = b"", content_type: str = "", **params: str
    ) -> tuple[int, str]:
        if not self.online:
            raise ConnectionError(f"{self.serial} is offline")
        self.requests += 1
        return self.transport(method, path, {"SN": self.serial, **params}, body, content_type)

    # --- the protocol ---------------------------------------------------------------------------
    def handshake(self) -> dict[str, str]:
        """``GET /iclock/cdata?options=all``: read the server's options and stamps."""
        status, text = self._call(
            "GET", "/iclock/cdata", options="all", pushver=self.push_version, language="69"
        )
        if status != 200 or not text.startswith(f"GET OPTION FROM: {self.serial}"):
            raise RuntimeError(f"handshake refused: {status} {text[:80]!r}")
        self.options = dict(line.split("=", 1) for line in text.splitlines()[1:] if "=" in line)
        return self.options

    def send_options(self) -> tuple[int, str]:
        body = (
            f"~DeviceName={self.model},FWVersion={self.firmware},"
            f"UserCount={len(self.users)},PushVersion={self.push_version}"
        )
        return self._call("POST", "/iclock/cdata", body.encode(), "text/plain", table="options")

    def poll(self) -> list[tuple[int, str, int]]:
        """``GET /iclock/getrequest`` with INFO, execute the commands, report on devicecmd."""
        info = f"{self.firmware},{len(self.users)},0,{len(self.records)},10.0.0.{len(self.serial) % 200 + 20}"
        _status, text = self._call("GET", "/iclock/getrequest", INFO=info)
        results = []
        for line in text.splitlines():
            if line.startswith("C:"):
                _c, command_id, command = line.split(":", 2)
                results.append((int(command_id), command, self.execute(command)))
        if results:
            body = "\n".join(self._result_line(cid, cmd, code) for cid, cmd, code in results)
            self._call("POST", "/iclock/devicecmd", body.encode(), "text/plain")
            self.executed += results
        return results

    def _result_line(self, command_id: int, command: str, code: int) -> str:
        line = f"ID={command_id}&Return={code}&CMD={command.split(' ')[0]}"
        if command.startswith("VERIFY SUM ATTLOG"):
            start, end = self._range(command)
            line += f"&Count={sum(1 for r in self.records if start <= r.at <= end)}"
        return line

    def execute(self, command: str) -> int:
        """What the terminal does with a command; the return code it reports (0 = done)."""
        verb, _sep, rest = command.partition(" ")
        args = dict(part.split("=", 1) for part in rest.replace("DATA ", "").split("\t") if "=" in part)
        if command.startswith("DATA UPDATE USERINFO"):
            pin = rest.split("PIN=", 1)[1].split("\t")[0]
            self.users[pin] = args.get("Name", "")
            return 0
        if command.startswith("DATA DELETE USERINFO"):
            return 0 if self.users.pop(rest.split("PIN=", 1)[1].split("\t")[0], None) is not None else -1
        if command.startswith("DATA QUERY ATTLOG"):
            start, end = self._range(rest)
            self.unsent += [r for r in self.records if start <= r.at <= end and r not in self.unsent]
            self.upload()
            return 0
        if command.startswith("VERIFY SUM ATTLOG"):
            return 0  # the count goes with the result (Count=)
        if verb == "CHECK":
            self.unsent = list(self.records)  # everything again: the server keeps each punch once
            self.upload()
            return 0
        if verb == "REBOOT":
            self.handshake()
            return 0
        return -1002  # unknown command

    @staticmethod
    def _range(rest: str) -> tuple[dt.datetime, dt.datetime]:
        start = rest.split("StartTime=", 1)[1].split("\t")[0]
        end = rest.split("EndTime=", 1)[1].split("\t")[0]
        return parse_local_time(start), parse_local_time(end)

    def punch(
        self, pin: str, at: dt.datetime, *, status: int = 0, verify: int = VERIFY_FACE, photo: bool = True
    ) -> None:
        """A person at the terminal: the record is kept; sent at once when online (realtime)."""
        record = Record(pin, at, status, verify)
        self.records.append(record)
        self.unsent.append(record)
        if photo:
            self.unsent_photos.append((pin, at))
        if self.online:
            self.upload()

    def failed_verification(self, at: dt.datetime) -> None:
        """A face the terminal did not recognise: a photo with no PIN."""
        self.unsent_photos.append((None, at))
        if self.online:
            self.upload()

    def upload(self, batch_size: int = 500) -> int:
        """Send every unacknowledged record (in batches) and photo; returns the lines acknowledged."""
        acknowledged = 0
        while self.unsent:
            batch = self.unsent[:batch_size]
            status, text = self._post_attlog(batch)
            if status != 200 or not text.startswith("OK"):
                break
            acknowledged += int(text.partition(":")[2] or 0)
            self.unsent = self.unsent[len(batch) :]
            self.last_batch = batch
        while self.unsent_photos:
            pin, at = self.unsent_photos[0]
            status, text = self._post_photo(pin, at)
            if status != 200:
                break
            self.unsent_photos.pop(0)
        return acknowledged

    def _post_attlog(self, batch: Sequence[Record]) -> tuple[int, str]:
        self.stamp += len(batch)
        body = "\r\n".join(r.line() for r in batch) + "\r\n"
        return self._call(
            "POST", "/iclock/cdata", body.encode(), "text/plain", table="ATTLOG", Stamp=str(self.stamp)
        )

    def _post_photo(self, pin: str | None, at: dt.datetime) -> tuple[int, str]:
        local = at.astimezone(VN_TZ)
        name = f"{local:%Y%m%d%H%M%S}" + (f"-{pin}" if pin else "") + ".jpg"
        jpeg = tiny_jpeg(f"{self.serial} {name}")
        if len(self.unsent_photos) % 2:  # firmware differs: some send base64 text
            body = (
                f"PIN={name}\nSN={self.serial}\nsize={len(jpeg)}\nCMD=uploadphoto\n".encode()
                + base64.b64encode(jpeg)
            )
        else:
            body = (
                f"PIN={name}\nSN={self.serial}\nsize={len(jpeg)}\nCMD=uploadphoto".encode() + b"\x00" + jpeg
            )
        return self._call(
            "POST", "/iclock/cdata", body, "application/octet-stream", table="ATTPHOTO", Stamp=name[:14]
        )

    def resend_last(self) -> tuple[int, str]:
        """The device did not hear the last OK (a dropped connection) and sends the batch again."""
        return self._post_attlog(self.last_batch)

    def send_users(self) -> tuple[int, str]:
        body = "\n".join(
            f"USER PIN={pin}\tName={name}\tPri=0\tPasswd=\tCard=\tGrp=1" for pin, name in self.users.items()
        )
        body += "\nOPLOG 0\t0\t" + format_local_time(dt.datetime.now(VN_TZ)) + "\t0\t0\t0\t0"
        return self._call(
            "POST", "/iclock/cdata", body.encode(), "text/plain", table="OPERLOG", Stamp=str(self.stamp)
        )


@dataclass
class DayReport:
    punches: int = 0
    late: int = 0
    missing: int = 0
    absent: int = 0
    failed_verifications: int = 0
    duplicate_resends: int = 0
    commands: int = 0
    requests: int = 0
    acknowledged_backlog: int = 0


def _at(day: dt.date, hour: int, minute: int, second: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute, second), tzinfo=VN_TZ)


def simulate_day(
    *,
    entrance: SimulatedDevice,
    exit_device: SimulatedDevice | None,
    pins: Sequence[str],
    day: dt.date,
    seed: int = 1,
    outage: bool = True,
    progress: Callable[[str], None] | None = None,
) -> DayReport:
    """An office day on two terminals: arrivals (mostly on time, some late), departures (some
    forgotten), one absent person, a failed face, an outage with its backlog, a duplicate resend,
    and a command poll. Deterministic for a given seed."""
    rng = random.Random(f"{seed}-{day.isoformat()}-{entrance.serial}")  # noqa: S311 - not security
    exit_device = exit_device or entrance
    report = DayReport()
    say = progress or (lambda _message: None)
    for device in {id(d): d for d in (entrance, exit_device)}.values():
        device.handshake()
        device.send_options()
        device.poll()
    absent = set(rng.sample(list(pins), k=1)) if len(pins) > 3 else set()
    report.absent = len(absent)
    events: list[tuple[dt.datetime, SimulatedDevice, str, int]] = []
    for pin in pins:
        if pin in absent:
            continue
        late = rng.random() < 0.15
        arrival = _at(day, 7, 0) + dt.timedelta(
            minutes=rng.randint(5, 40) if late else -rng.randint(0, 25), seconds=rng.randint(0, 59)
        )
        report.late += late
        events.append((arrival, entrance, pin, 0))
        if rng.random() < 0.1:
            report.missing += 1  # forgot to punch out
            continue
        leave = _at(day, 17, 0) + dt.timedelta(minutes=rng.randint(0, 30), seconds=rng.randint(0, 59))
        events.append((leave, exit_device, pin, 1))
    events.sort(key=lambda e: (e[0], e[2]))
    outage_from, outage_to = _at(day, 7, 10), _at(day, 8, 0)
    for at, device, pin, status in events:
        if outage and device is entrance:
            device.online = not (outage_from <= at < outage_to)
            if device.online and device.unsent:
                report.acknowledged_backlog += device.upload()
                say(f"{device.serial}: back online, backlog sent")
        device.punch(pin, at, status=status, verify=VERIFY_FACE if rng.random() < 0.8 else VERIFY_FINGER)
        report.punches += 1
    entrance.online = True
    report.acknowledged_backlog += entrance.upload()
    entrance.failed_verification(_at(day, 12, 5, 17))
    report.failed_verifications += 1
    if entrance.last_batch:
        entrance.resend_last()
        report.duplicate_resends += 1
    for device in {id(d): d for d in (entrance, exit_device)}.values():
        report.commands += len(device.poll())
        report.requests += device.requests
    say(
        f"{day}: {report.punches} punches, {report.late} late, "
        f"{report.missing} missing, {report.absent} absent"
    )
    return report
