"""The push protocol's parsing and replies, on the line shapes real devices send."""

from __future__ import annotations

import base64
import datetime as dt

import pytest

from reformdesk.attendance import receiver
from reformdesk.attendance.jpeg import tiny_jpeg
from reformdesk.attendance.receiver import VN_TZ, LineError


def vn(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=VN_TZ)


@pytest.mark.parametrize(
    ("line", "pin", "status", "verify", "workcode"),
    [
        ("1\t2025-09-08 07:28:03\t0\t1\t0\t0\t0", "1", 0, 1, "0"),  # 7 fields, old firmware
        ("1001\t2025-09-08 07:28:03\t1\t15\t\t0\t0\t0\t0\t0\t0\t0", "1001", 1, 15, ""),  # 12 fields, face
        ("1001\t2025-09-08 07:28:03\t0\t25\t0\t0\t0\t0\t0\t0\t0\t255\t1\t0", "1001", 0, 25, "0"),  # 14
        ("  42\t2025-09-08 07:28:03 \t 0 \t1\t7\t0\t0", "42", 0, 1, "7"),  # padded fields
        ("42 2025-09-08 07:28:03 0 1 0 0 0", "42", 0, 1, "0"),  # spaces instead of tabs
        ("42\t2025-09-08 07:28:03\t\t\t", "42", 0, 0, ""),  # empty codes read as 0
        ("NV-07\t2025-09-08 07:28:03\t4\t2\t3", "NV-07", 4, 2, "3"),  # 5 fields, letters in PIN
        ("7\t2025-09-08T07:28:03\t0\t9", "7", 0, 9, ""),  # ISO separator, old face code
    ],
)
def test_attlog_line_shapes(line: str, pin: str, status: int, verify: int, workcode: str) -> None:
    parsed = receiver.parse_attlog_line(line)
    assert (parsed.pin, parsed.status, parsed.verify, parsed.workcode) == (pin, status, verify, workcode)
    assert parsed.punched_at == vn(2025, 9, 8, 7, 28, 3)
    assert parsed.punched_at.utcoffset() == dt.timedelta(hours=7)


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("1\t2025-09-08 07:28:03", "2 fields, at least 4 needed"),
        ("1\t2025-13-08 07:28:03\t0\t1\t0\t0\t0", "bad time '2025-13-08 07:28:03'"),
        ("1\t08/09/2025 07:28\t0\t1\t0\t0\t0", "bad time '08/09/2025 07:28'"),
        ("\t2025-09-08 07:28:03\t0\t1\t0\t0\t0", "bad PIN ''"),
        ("1 2\t2025-09-08 07:28:03\t0\t1", "bad PIN '1 2'"),
        ("1\t2025-09-08 07:28:03\tx\t1", "bad status 'x'"),
        ("1\t2025-09-08 07:28:03\t0\t300", "bad verify '300'"),
        ("garbage", "1 fields, at least 4 needed"),
        ("1\t0001-01-01 07:00:00\t0\t1", "time out of range '0001-01-01 07:00:00'"),
        ("1\t1999/12/31 23:59:59\t0\t1", "time out of range '1999/12/31 23:59:59'"),
        ("1\t2100-01-01 00:00:00\t0\t1", "time out of range '2100-01-01 00:00:00'"),
    ],
)
def test_attlog_malformed_lines(line: str, reason: str) -> None:
    with pytest.raises(LineError) as error:
        receiver.parse_attlog_line(line)
    assert str(error.value) == reason


def test_attlog_batch_crlf_blank_lines_and_bad_lines_counted_apart() -> None:
    body = (
        "1\t2025-09-08 07:28:03\t0\t1\t0\t0\t0\r\n"
        "\r\n"
        "2\t2025-09-08 07:29:10\t0\t15\t0\t0\t0\t0\t0\t0\t0\t0\r\n"
        "bad line\r\n"
        "3\t2025-09-08 07:30:00\t0\t1\t0\t0\t0\r\n"
        "\r\n\r\n"
    )
    batch = receiver.parse_attlog(body)
    assert [line.pin for line in batch.lines] == ["1", "2", "3"]
    assert [(bad.number, bad.raw, bad.reason) for bad in batch.bad] == [
        (4, "bad line", "2 fields, at least 4 needed")
    ]
    assert batch.lines[0].raw == "1\t2025-09-08 07:28:03\t0\t1\t0\t0\t0"


def test_attlog_lone_cr_and_empty_body() -> None:
    assert len(receiver.parse_attlog("1\t2025-09-08 07:28:03\t0\t1\r2\t2025-09-08 07:28:04\t0\t1").lines) == 2
    batch = receiver.parse_attlog("\n\n  \n")
    assert (batch.lines, batch.bad) == ([], [])


def test_operlog_oplog_user_biometric_and_bad_lines() -> None:
    body = (
        "OPLOG 4\t14\t2025-09-08 06:50:00\t0\t0\t0\t0\n"
        "OPLOG 21\t1\t2025-09-08 06:51:00\t1\t2\t3\t4\r\n"
        "USER PIN=1001\tName=Nguyễn Văn An\tPri=0\tPasswd=\tCard=\tGrp=1\tTZ=0000000100000000\n"
        "FP PIN=1001\tFID=6\tSize=1024\tValid=1\tTMP=ocoRgZPRXO\n"
        "FACE PIN=1001\tFID=0\tSIZE=1648\tVALID=1\tTMP=AAAA\n"
        "OPLOG x\t1\t2025-09-08 06:51:00\n"
        "USER Name=no pin\n"
        "SOMETHING else\n"
    )
    batch = receiver.parse_operlog(body)
    assert [(op.code, op.admin_pin, op.occurred_at, op.values) for op in batch.operations] == [
        (4, "14", vn(2025, 9, 8, 6, 50), "0\t0\t0\t0"),
        (21, "1", vn(2025, 9, 8, 6, 51), "1\t2\t3\t4"),
    ]
    assert [(u.pin, u.name) for u in batch.users] == [("1001", "Nguyễn Văn An")]
    assert batch.skipped == 2
    assert batch.accepted == 5
    assert [(bad.number, bad.reason) for bad in batch.bad] == [
        (6, "bad OPLOG line"),
        (7, "bad PIN ''"),
        (8, "unknown OPERLOG line"),
    ]


def test_attphoto_binary_variant() -> None:
    jpeg = tiny_jpeg("a")
    body = b"PIN=20250908072803-1001.jpg\nSN=CQZ7224460136\nsize=%d\nCMD=uploadphoto\x00" % len(jpeg) + jpeg
    photo = receiver.parse_attphoto(body)
    assert (photo.pin, photo.taken_at, photo.filename, photo.jpeg) == (
        "1001",
        vn(2025, 9, 8, 7, 28, 3),
        "20250908072803-1001.jpg",
        jpeg,
    )


def test_attphoto_base64_variants_and_failed_verification() -> None:
    jpeg = tiny_jpeg("b")
    encoded = base64.b64encode(jpeg).decode()
    trailing = f"PIN=20250908072803.jpg\nSN=X1\nsize={len(jpeg)}\nCMD=uploadphoto\n{encoded}\n".encode()
    photo = receiver.parse_attphoto(trailing)
    assert (photo.pin, photo.taken_at, photo.jpeg) == (None, vn(2025, 9, 8, 7, 28, 3), jpeg)
    keyed = f"PIN=20250908072803-7.jpg\r\nSN=X1\r\nphoto={encoded}\r\n".encode()
    assert receiver.parse_attphoto(keyed).pin == "7"


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"PIN=20250908072803-1.jpg\nCMD=uploadphoto\x00GIF89a....", "photo is not a JPEG"),
        (b"PIN=20250908072803-1.jpg\nCMD=uploadphoto\x00\xff\xd8\xff\xe0truncated", "photo is not a JPEG"),
        (b"SN=1\nCMD=uploadphoto\x00" + tiny_jpeg(), "photo without PIN= name"),
        (b"PIN=photo.png\nCMD=uploadphoto\x00" + tiny_jpeg(), "bad photo name 'photo.png'"),
        (b"PIN=20251308072803-1.jpg\x00" + tiny_jpeg(), "bad photo time '20251308072803'"),
        (
            b"PIN=20250908072803-1.jpg\nCMD=uploadphoto\n%%%not base64%%%",
            "photo is neither binary nor base64",
        ),
    ],
)
def test_attphoto_refusals(body: bytes, reason: str) -> None:
    with pytest.raises(LineError) as error:
        receiver.parse_attphoto(body)
    assert str(error.value) == reason


def test_options_info_and_command_results() -> None:
    options = receiver.parse_options(
        "~DeviceName=SpeedFace-V5L,FWVersion=Ver 8.0.4.2,IPAddress=10.0.0.5\nUserCount=12"
    )
    assert options == {
        "DeviceName": "SpeedFace-V5L",
        "FWVersion": "Ver 8.0.4.2",
        "IPAddress": "10.0.0.5",
        "UserCount": "12",
    }
    assert receiver.parse_info("Ver 6.60 Apr 28 2017,10,3,300,192.168.1.201") == {
        "FWVersion": "Ver 6.60 Apr 28 2017",
        "UserCount": "10",
        "FPCount": "3",
        "TransactionCount": "300",
        "IPAddress": "192.168.1.201",
    }
    results = receiver.parse_command_results(
        "ID=12&Return=0&CMD=DATA\r\nID=13&Return=-1002&CMD=REBOOT\nID=x&Return=0\n"
    )
    assert [(r.command_id, r.return_code, r.command) for r in results] == [
        (12, 0, "DATA"),
        (13, -1002, "REBOOT"),
    ]


def test_handshake_reply_new_and_old_firmware() -> None:
    new = receiver.handshake_reply(
        serial="CQZ1", attlog_stamp="9999", operlog_stamp="12", attphoto_stamp="5", new_protocol=True
    )
    assert new == (
        "GET OPTION FROM: CQZ1\nATTLOGStamp=9999\nOPERLOGStamp=12\nATTPHOTOStamp=5\nErrorDelay=30\nDelay=10\n"
        "TransTimes=00:00;14:05\nTransInterval=1\n"
        "TransFlag=TransData AttLog\tOpLog\tAttPhoto\tEnrollUser\tChgUser\tEnrollFP\tChgFP\tUserPic\n"
        "TimeZone=7\nRealtime=1\nEncrypt=0\n"
    )
    old = receiver.handshake_reply(
        serial="CQZ1", attlog_stamp="9999", operlog_stamp="12", attphoto_stamp="5", new_protocol=False
    )
    assert old.splitlines()[1:4] == ["Stamp=9999", "OpStamp=12", "PhotoStamp=5"]
    assert "ATTLOGStamp" not in old


def test_commands_reply_and_stamps() -> None:
    assert receiver.commands_reply([]) == "OK"
    assert receiver.commands_reply([(3, "CHECK"), (4, "REBOOT")]) == "C:3:CHECK\nC:4:REBOOT\n"
    assert receiver.clean_stamp("12345") == "12345"
    assert receiver.clean_stamp("None") is None
    assert receiver.clean_stamp("") is None
    assert receiver.clean_stamp("1" * 21) is None


def test_local_time_round_trip_and_undecodable_bytes() -> None:
    moment = receiver.parse_local_time("2025-12-31 23:59:59")
    assert moment.astimezone(dt.UTC) == dt.datetime(2025, 12, 31, 16, 59, 59, tzinfo=dt.UTC)
    assert receiver.format_local_time(moment.astimezone(dt.UTC)) == "2025-12-31 23:59:59"
    assert receiver.decode_text(b"1\xff\t") == "1\ufffd\t"
