"""Files that are not what they claim, too big or badly encoded: refused as a whole, nothing imported."""

from __future__ import annotations

import io
import zipfile

import pytest

from reformdesk.catalog.importing import RowError, catalog_import
from reformdesk.catalog.importing import reader as reader_module
from reformdesk.catalog.models import Field, Procedure
from reformdesk.catalog.tests.samples import (
    WORKBOOK,
    layout_cells,
    raw_xlsx_bytes,
    sample_csv_text,
    sample_rows,
)
from reformdesk.core.models import AuditEvent

pytestmark = pytest.mark.django_db

NOT_XLSX = "Tệp không phải là bảng tính Excel (.xlsx) dù có đuôi .xlsx."


@pytest.fixture
def nothing_imported(tree):
    audit_rows = AuditEvent.objects.count()
    yield
    assert Procedure.objects.count() == 0
    assert Field.objects.count() == 0
    assert AuditEvent.objects.count() == audit_rows


def _errors(data: bytes, name: str) -> list[RowError]:
    report = catalog_import(data=data, filename=name, actor=None, commit=True)
    assert report.committed is False
    return report.errors


def _zip(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return out.getvalue()


@pytest.mark.parametrize(
    "name", ["catalog.xls", "catalog.xlsm", "catalog.txt", "catalog", "catalog.xlsx.exe"]
)
def test_other_extensions_are_refused(nothing_imported, name):
    assert _errors(WORKBOOK.read_bytes(), name) == [
        RowError("", None, "", "Chỉ nhận tệp Excel (.xlsx) hoặc CSV (.csv).")
    ]


def test_a_file_over_the_size_limit_is_refused(nothing_imported):
    data = b"PK\x03\x04" + b"\0" * reader_module.MAX_FILE_BYTES
    assert _errors(data, "catalog.xlsx") == [
        RowError("", None, "", "Tệp quá lớn: 10.0 MB; giới hạn là 10 MB.")
    ]


def test_an_empty_file_is_refused(nothing_imported):
    assert _errors(b"", "catalog.csv") == [RowError("", None, "", "Tệp rỗng.")]


@pytest.mark.parametrize(
    "data",
    [
        b"Ma thu tuc,Ten thu tuc\n1.001193,Khai sinh\n",  # text
        b"%PDF-1.7 not a workbook",
        _zip({"hello.txt": b"hi"}),  # a ZIP, but not a workbook
        b"PK\x03\x04 a broken archive",
    ],
    ids=["text", "pdf", "zip", "broken-zip"],
)
def test_something_else_under_a_workbook_name_is_refused(nothing_imported, data):
    assert _errors(data, "catalog.xlsx") == [RowError("", None, "", NOT_XLSX)]


def test_an_old_or_protected_workbook_is_refused_with_advice(nothing_imported):
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512
    assert _errors(data, "catalog.xlsx") == [
        RowError(
            "",
            None,
            "",
            "Tệp là bảng tính Excel cũ (.xls) hoặc có đặt mật khẩu. "
            "Hãy mở bằng Excel, bỏ mật khẩu và lưu lại dưới dạng .xlsx.",
        )
    ]


def test_a_damaged_workbook_fails_safely(nothing_imported):
    data = _zip({"[Content_Types].xml": b"<Types", "xl/workbook.xml": b"<<not xml>>"})
    assert _errors(data, "catalog.xlsx") == [
        RowError("", None, "", "Không đọc được bảng tính: tệp bị hỏng hoặc không đúng định dạng .xlsx.")
    ]


def test_a_workbook_that_unpacks_too_big_is_refused(nothing_imported, monkeypatch):
    monkeypatch.setattr(reader_module, "MAX_UNPACKED_BYTES", 10_000)
    assert _errors(WORKBOOK.read_bytes(), "catalog.xlsx") == [
        RowError("", None, "", "Tệp giải nén ra quá lớn; đây không phải là một bảng tính bình thường.")
    ]


def test_too_many_rows_are_refused(nothing_imported, monkeypatch):
    monkeypatch.setattr(reader_module, "MAX_ROWS", 15)
    assert _errors(WORKBOOK.read_bytes(), "catalog.xlsx") == [
        RowError("Cách thức thực hiện", None, "", "Trang có quá nhiều dòng; giới hạn là 15 dòng dữ liệu.")
    ]


def test_data_beyond_the_hundredth_column_is_refused(nothing_imported):
    cells = layout_cells(sample_rows())
    cells["Thủ tục"][3] += [None] * 100 + ["lạc"]
    assert _errors(raw_xlsx_bytes(cells), "catalog.xlsx") == [
        RowError("Thủ tục", 4, "", "Trang có dữ liệu ở quá 100 cột.")
    ]


def test_blank_rows_are_skipped_but_rows_are_numbered_as_shown(tree):
    cells = layout_cells(sample_rows())
    cells["Thủ tục"].insert(2, [None] * len(cells["Thủ tục"][0]))
    cells["Thủ tục"][3][2] = None  # the name of the procedure now on row 4
    report = catalog_import(data=raw_xlsx_bytes(cells), filename="x.xlsx", actor=None)
    assert report.errors == [RowError("Thủ tục", 4, "Tên thủ tục", "Không được để trống.")]


@pytest.mark.parametrize("encoding", ["cp1258", "utf-16"])
def test_csv_in_another_encoding_is_refused(nothing_imported, encoding):
    data = sample_csv_text().encode(encoding, errors="replace")
    errors = _errors(data, "thu-tuc.csv")
    assert len(errors) == 1
    assert errors[0].message.startswith("Tệp CSV không phải mã UTF-8 (dòng ")
    assert errors[0].message.endswith("“Lưu thành… CSV UTF-8 (Comma delimited)”.")


def test_a_workbook_under_a_csv_name_is_refused(nothing_imported):
    assert _errors(WORKBOOK.read_bytes(), "thu-tuc.csv") == [
        RowError(
            "",
            None,
            "",
            "Tệp là bảng tính Excel, không phải CSV: hãy đổi đuôi thành .xlsx hoặc lưu lại dưới dạng CSV.",
        )
    ]


def test_a_binary_file_under_a_csv_name_is_refused(nothing_imported):
    assert _errors(b"\x00\x01\x02binary", "thu-tuc.csv") == [
        RowError("", None, "", "Tệp CSV chứa ký tự không hợp lệ; đây không phải là tệp văn bản.")
    ]


def test_a_csv_with_the_wrong_columns_is_refused(nothing_imported):
    """The reference CSV of this repository is not in the import layout."""
    data = b"national_code,name_vi,field_vi,level\n1.001193,Khai sinh,H\xe1\xbb\x99 t\xe1\xbb\x8bch,xa\n"
    errors = _errors(data, "reference.csv")
    assert errors[0] == RowError(
        "Thủ tục", 1, "field_vi", "Cột không có trong mẫu (đã đổi tên hoặc thêm mới?)."
    )
    assert RowError("Thủ tục", 1, "Mã lĩnh vực", "Thiếu cột này (hoặc cột đã bị đổi tên).") in errors
