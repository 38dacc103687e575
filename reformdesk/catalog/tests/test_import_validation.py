"""Bad content in a well-formed file: each is reported with its sheet, row and column, and nothing
at all is imported (the commit is refused as a whole)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from reformdesk.catalog import services
from reformdesk.catalog.importing import RowError, catalog_import
from reformdesk.catalog.models import (
    Field,
    FilingMethod,
    Procedure,
    ProcedureVersion,
    RequiredPaper,
    StepTemplate,
)
from reformdesk.catalog.tests.factories import make_field, make_procedure, make_version
from reformdesk.catalog.tests.samples import (
    WORKBOOK,
    layout_cells,
    raw_xlsx_bytes,
    sample_csv_text,
    sample_rows,
    xlsx_bytes,
)
from reformdesk.core.models import AuditEvent

pytestmark = pytest.mark.django_db

P, M, D, S = "Thủ tục", "Cách thức thực hiện", "Thành phần hồ sơ", "Các bước xử lý"


@pytest.fixture
def snapshot_counts(tree):
    """The row counts of every catalog table and of the audit trail, before the test's import."""

    def counts() -> tuple[int, ...]:
        return tuple(
            m.objects.count()
            for m in (
                Field,
                Procedure,
                ProcedureVersion,
                FilingMethod,
                RequiredPaper,
                StepTemplate,
                AuditEvent,
            )
        )

    before = counts()
    return lambda: counts() == before


def _refused(data: bytes, name: str = "catalog.xlsx") -> list[RowError]:
    report = catalog_import(data=data, filename=name, actor=None, commit=True)
    assert report.committed is False
    assert report.errors
    return report.errors


def _cells_with(change) -> bytes:
    cells = layout_cells(sample_rows())
    change(cells)
    return raw_xlsx_bytes(cells)


def test_missing_renamed_unknown_and_repeated_columns(snapshot_counts):
    def spoil(cells):
        header = cells[P][0]
        header[header.index("Lĩnh vực")] = "Tên lĩnh vực"  # renamed
        header[header.index("Căn cứ pháp lý")] = "Mã lĩnh vực"  # repeated
        for row in cells[D]:
            del row[5]  # "Bắt buộc" missing on another sheet

    assert _refused(_cells_with(spoil)) == [
        RowError(P, 1, "Tên lĩnh vực", "Cột không có trong mẫu (đã đổi tên hoặc thêm mới?)."),
        RowError(P, 1, "Mã lĩnh vực", "Cột bị lặp lại."),
        RowError(P, 1, "Lĩnh vực", "Thiếu cột này (hoặc cột đã bị đổi tên)."),
        RowError(P, 1, "Căn cứ pháp lý", "Thiếu cột này (hoặc cột đã bị đổi tên)."),
        RowError(D, 1, "Bắt buộc", "Thiếu cột này (hoặc cột đã bị đổi tên)."),
    ]
    assert snapshot_counts()


def test_a_missing_column_in_another_sheet_is_reported_too(snapshot_counts):
    def spoil(cells):
        for row in cells[D]:
            del row[5]

    assert _refused(_cells_with(spoil)) == [
        RowError(D, 1, "Bắt buộc", "Thiếu cột này (hoặc cột đã bị đổi tên)."),
    ]
    assert snapshot_counts()


def test_headers_may_be_the_english_keys_in_any_order(tree):
    cells = layout_cells(sample_rows())
    header = cells[P][0]
    header[header.index("Tên thủ tục")] = "name_vi"
    for row in cells[P]:
        row.reverse()
    report = catalog_import(data=raw_xlsx_bytes(cells), filename="x.xlsx", actor=None, commit=True)
    assert report.errors == []
    assert Procedure.objects.count() == 12


def test_missing_and_unknown_sheets(snapshot_counts):
    cells = layout_cells(sample_rows())
    cells["Ghi chú"] = [["Tệp do xã gửi"]]
    cells["Giấy tờ"] = cells.pop(D)
    errors = _refused(raw_xlsx_bytes(cells))
    assert errors == [RowError(D, None, "", "Thiếu trang này (hoặc trang đã bị đổi tên).")]
    assert snapshot_counts()


def test_wrong_types_bad_dates_and_unknown_words(snapshot_counts):
    def spoil(cells):
        cells[P][1][cells[P][0].index("Ngày quyết định")] = "31/02/2025"
        cells[P][2][cells[P][0].index("Hiệu lực từ ngày")] = 45000  # a date typed as a number
        cells[P][3][cells[P][0].index("Cấp thực hiện")] = "Cấp thôn"
        cells[P][4][cells[P][0].index("Đối tượng thực hiện")] = (
            "Công dân Việt Nam; Người Việt Nam định cư ở nước ngoài"
        )
        cells[P][5][cells[P][0].index("Đang áp dụng")] = "có lẽ"
        cells[M][1][cells[M][0].index("Thời hạn giải quyết (ngày làm việc)")] = "ba ngày"
        cells[M][2][cells[M][0].index("Phí, lệ phí (đồng)")] = 2.5
        cells[M][3][cells[M][0].index("Hình thức nộp")] = "Qua điện thoại"
        cells[D][1][cells[D][0].index("Số lượng")] = "hai"
        cells[S][1][cells[S][0].index("Thời gian (ngày làm việc)")] = -1
        cells[S][2][cells[S][0].index("Loại đơn vị thực hiện")] = "Thôn"

    errors = _refused(_cells_with(spoil))
    assert [(e.sheet, e.row, e.column) for e in errors] == [
        (P, 2, "Ngày quyết định"),
        (P, 3, "Hiệu lực từ ngày"),
        (P, 4, "Cấp thực hiện"),
        (P, 5, "Đối tượng thực hiện"),
        (P, 6, "Đang áp dụng"),
        (M, 2, "Thời hạn giải quyết (ngày làm việc)"),
        (M, 3, "Phí, lệ phí (đồng)"),
        (M, 4, "Hình thức nộp"),
        (D, 2, "Số lượng"),
        (S, 2, "Thời gian (ngày làm việc)"),
        (S, 3, "Loại đơn vị thực hiện"),
    ]
    messages = {(e.row, e.column): e.message for e in errors}
    assert messages[(2, "Ngày quyết định")] == (
        "Ngày không hợp lệ: “31/02/2025”; ghi theo dạng ngày/tháng/năm, ví dụ 01/07/2025."
    )
    assert messages[(2, "Thời hạn giải quyết (ngày làm việc)")] == "Cần một số, không nhận chữ: “ba ngày”."
    assert messages[(3, "Phí, lệ phí (đồng)")] == "Cần một số nguyên, không có phần thập phân."
    assert messages[(4, "Hình thức nộp")] == (
        "Giá trị “Qua điện thoại” không có trong danh mục. "
        "Dùng một trong: Trực tiếp; Trực tuyến; Dịch vụ bưu chính."
    )
    assert messages[(5, "Đối tượng thực hiện")].startswith(
        "Giá trị “Người Việt Nam định cư ở nước ngoài” không có trong danh mục."
    )
    assert messages[(2, "Số lượng")] == "Cần một số nguyên, không nhận chữ: “hai”."
    assert messages[(2, "Thời gian (ngày làm việc)")] == "Không được là số âm."
    assert messages[(6, "Đang áp dụng")] == "Ghi “Có” hoặc “Không”, không nhận “có lẽ”."
    assert snapshot_counts()


def test_required_cells_and_model_rules(snapshot_counts):
    def spoil(cells):
        header = cells[P][0]
        cells[P][1][header.index("Tên thủ tục")] = None
        cells[P][2][header.index("Mã thủ tục")] = "1.0012"
        cells[P][3][header.index("Hiệu lực đến ngày")] = dt.date(2020, 1, 1)
        cells[P][4][header.index("Số quyết định công bố")] = None
        cells[P][5][header.index("Tên thủ tục")] = "T" * 1001
        cells[M][9][cells[M][0].index("Thời hạn giải quyết (ngày làm việc)")] = 0.25  # row 10

    errors = _refused(_cells_with(spoil))
    orphans = [e for e in errors if e.message == "Mã thủ tục 1.001731 không có trên trang “Thủ tục”."]
    assert [(e.sheet, e.row) for e in orphans] == [(M, 4), (D, 4), (S, 6), (S, 7), (S, 8)]
    assert [e for e in errors if e not in orphans] == [
        RowError(P, 2, "Tên thủ tục", "Không được để trống."),
        RowError(P, 3, "Mã thủ tục", "Mã thủ tục quốc gia có dạng 1.001612."),
        RowError(P, 4, "Hiệu lực đến ngày", "Ngày hết hiệu lực phải sau ngày có hiệu lực."),
        RowError(
            P,
            5,
            "Số quyết định công bố",
            "Cần ghi số quyết định, ngày quyết định và ngày có hiệu lực khi khai thông tin công bố.",
        ),
        RowError(P, 6, "Tên thủ tục", "Giá trị này chỉ có tối đa 1000 kí tự (hiện có 1001)"),
        RowError(
            M,
            10,
            "Thời hạn giải quyết (ngày làm việc)",
            "Hãy chắc chắn rằng không có nhiều hơn 1 chữ số thập phân.",
        ),
    ]
    assert snapshot_counts()


def test_duplicate_codes_in_the_file(snapshot_counts):
    """The second row of a code is reported; the other sheets' rows of that code are not checked."""

    def spoil(cells):
        cells[P].append(list(cells[P][1]))
        cells[M].append(list(cells[M][1]))
        cells[D].append(list(cells[D][1]))
        cells[S].append(list(cells[S][1]))

    errors = _refused(_cells_with(spoil))
    assert errors == [
        RowError(P, 14, "Mã thủ tục", "Mã thủ tục 1.001193 trùng với dòng 2."),
    ]
    assert snapshot_counts()


def test_duplicate_channels_papers_and_steps_of_a_procedure(snapshot_counts):
    def spoil(cells):
        cells[M].append(list(cells[M][4]))
        cells[D].append(list(cells[D][4]))
        cells[S].append(list(cells[S][4]))

    assert _refused(_cells_with(spoil)) == [
        RowError(M, 18, "Hình thức nộp", "Trùng với dòng 5 (cùng mã thủ tục)."),
        RowError(D, 19, "Thứ tự", "Trùng với dòng 5 (cùng mã thủ tục)."),
        RowError(S, 34, "Bước", "Trùng với dòng 5 (cùng mã thủ tục)."),
    ]
    assert snapshot_counts()


def test_unknown_field_codes_and_units(tree):
    make_field("HT", "Hộ tịch")
    audit_rows = AuditEvent.objects.count()

    def spoil(cells):
        header = cells[P][0]
        cells[P][1][header.index("Lĩnh vực")] = None  # HT is known: a name is not needed
        cells[P][2][header.index("Lĩnh vực")] = None  # BTXH is new: it needs its name
        cells[P][2][header.index("Mã lĩnh vực")] = "KHONGCO"
        cells[P][3][header.index("Lĩnh vực")] = "Hộ tịch và chứng thực"  # HT named twice, differently
        cells[P][4][header.index("Mã thủ tục tại địa phương")] = "1.004873.000.00.00.H99"

    errors = _refused(_cells_with(spoil))
    conflict = "Lĩnh vực HT đã được ghi tên khác ở dòng 4."
    assert errors == [
        RowError(
            P,
            5,
            "Mã thủ tục tại địa phương",
            "Mã đơn vị 000.00.00.H99 (trong mã thủ tục tại địa phương) không có trong danh sách đơn vị.",
        ),
        RowError(P, 5, "Lĩnh vực", conflict),
        RowError(P, 8, "Lĩnh vực", conflict),
        RowError(P, 12, "Lĩnh vực", conflict),
        RowError(
            P,
            3,
            "Mã lĩnh vực",
            "Mã lĩnh vực KHONGCO chưa có trong danh mục; ghi tên lĩnh vực ở cột “Lĩnh vực” để tạo mới.",
        ),
    ]
    assert (Field.objects.count(), Procedure.objects.count(), AuditEvent.objects.count()) == (
        1,
        0,
        audit_rows,
    )


def test_rows_of_other_sheets_need_their_procedure_and_its_decision(snapshot_counts):
    def spoil(cells):
        header = cells[P][0]
        for key in (
            "Số quyết định công bố",
            "Ngày quyết định",
            "Hiệu lực từ ngày",
            "Cơ quan thực hiện",
            "Đối tượng thực hiện",
            "Căn cứ pháp lý",
        ):
            cells[P][1][header.index(key)] = None
        cells[D].append(["9.999999", 1, "Giấy lạc", "Bản chính", 1, "Có"])

    errors = _refused(_cells_with(spoil))
    assert errors == [
        RowError(M, 2, "Mã thủ tục", "Thủ tục 1.001193 chưa có số quyết định công bố trên trang “Thủ tục”."),
        RowError(M, 3, "Mã thủ tục", "Thủ tục 1.001193 chưa có số quyết định công bố trên trang “Thủ tục”."),
        RowError(D, 2, "Mã thủ tục", "Thủ tục 1.001193 chưa có số quyết định công bố trên trang “Thủ tục”."),
        RowError(D, 3, "Mã thủ tục", "Thủ tục 1.001193 chưa có số quyết định công bố trên trang “Thủ tục”."),
        RowError(D, 19, "Mã thủ tục", "Mã thủ tục 9.999999 không có trên trang “Thủ tục”."),
        RowError(S, 2, "Mã thủ tục", "Thủ tục 1.001193 chưa có số quyết định công bố trên trang “Thủ tục”."),
        RowError(S, 3, "Mã thủ tục", "Thủ tục 1.001193 chưa có số quyết định công bố trên trang “Thủ tục”."),
        RowError(S, 4, "Mã thủ tục", "Thủ tục 1.001193 chưa có số quyết định công bố trên trang “Thủ tục”."),
        RowError(S, 5, "Mã thủ tục", "Thủ tục 1.001193 chưa có số quyết định công bố trên trang “Thủ tục”."),
    ]
    assert snapshot_counts()


def test_formulas_are_refused_wherever_they_are(snapshot_counts):
    def spoil(cells):
        cells[P][2][cells[P][0].index("Tên thủ tục")] = '=CONCATENATE("Thủ tục ", "khai tử")'
        cells[M][2][cells[M][0].index("Phí, lệ phí (đồng)")] = "=2*4000"
        cells[S][3].append('=HYPERLINK("http://example.com")')  # beyond the last column

    errors = _refused(_cells_with(spoil))
    formula = "Ô chứa công thức (bắt đầu bằng “=”). Chỉ nhận giá trị; hãy dán đặc biệt dạng giá trị."
    assert errors == [
        RowError(P, 3, "Tên thủ tục", formula),
        RowError(M, 3, "Phí, lệ phí (đồng)", formula),
        RowError(S, 4, "", formula),
    ]
    assert snapshot_counts()


def test_formulas_are_refused_in_csv_too(snapshot_counts):
    text = sample_csv_text().replace("Thủ tục đăng ký khai sinh", "=1+1")
    assert _refused(text.encode("utf-8"), "thu-tuc.csv") == [
        RowError(
            P,
            2,
            "Tên thủ tục",
            "Ô chứa công thức (bắt đầu bằng “=”). Chỉ nhận giá trị; hãy dán đặc biệt dạng giá trị.",
        ),
    ]
    assert snapshot_counts()


def test_values_outside_the_columns_are_refused(snapshot_counts):
    def spoil(cells):
        cells[P][1].append("ghi chú lạc")

    assert _refused(_cells_with(spoil)) == [RowError(P, 2, "", "Ô có dữ liệu nằm ngoài các cột có tiêu đề.")]
    assert snapshot_counts()


def test_steps_over_the_legal_time_limit_are_refused_per_row(snapshot_counts):
    rows = sample_rows()
    step = next(s for s in rows["steps"] if s["national_code"] == "1.004873" and s["kind"] == "assess")
    step["working_days"] = Decimal(5)
    errors = _refused(xlsx_bytes(rows))
    assert errors == [
        RowError(
            S,
            12,
            "Thời gian (ngày làm việc)",
            "Tổng thời gian các bước (6 ngày làm việc) vượt thời hạn giải quyết "
            "theo quy định (3 ngày làm việc).",
        )
    ]
    assert snapshot_counts()


def test_a_shorter_time_limit_under_unchanged_steps_is_refused(tree):
    catalog_import(data=WORKBOOK.read_bytes(), filename="x.xlsx", actor=None, commit=True)
    rows = sample_rows()
    for method in rows["filing_methods"]:
        if method["national_code"] == "1.004873":
            method["time_limit_days"] = Decimal(2)
    audit_rows = AuditEvent.objects.count()
    errors = _refused(xlsx_bytes(rows))
    assert errors == [
        RowError(
            S,
            12,
            "Thời gian (ngày làm việc)",
            "Tổng thời gian các bước (3 ngày làm việc) vượt thời hạn giải quyết "
            "theo quy định (2 ngày làm việc).",
        )
    ]
    assert (
        FilingMethod.objects.filter(version__procedure__national_code="1.004873").first().time_limit_days == 3
    )
    assert AuditEvent.objects.count() == audit_rows


def test_overlapping_versions_are_refused_per_row(tree):
    """The catalog holds a later version; the file's decision (open-ended, earlier) would overlap it."""
    procedure = make_procedure("1.001193", field=make_field("HT", "Hộ tịch"))
    make_version(procedure, number="300/QĐ-BTP", start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31))
    counts = (ProcedureVersion.objects.count(), AuditEvent.objects.count())
    errors = _refused(WORKBOOK.read_bytes())
    assert errors == [
        RowError(
            P, 2, "Hiệu lực từ ngày", "Thời gian hiệu lực trùng với phiên bản theo quyết định 300/QĐ-BTP."
        ),
    ]
    assert (ProcedureVersion.objects.count(), AuditEvent.objects.count()) == counts
    assert Procedure.objects.count() == 1


def test_every_error_of_a_file_is_reported_at_once(snapshot_counts):
    """Service refusals of several procedures and the bulk rows' errors all come back together."""
    procedure = make_procedure("1.001193", field=make_field("HT", "Hộ tịch"))
    make_version(procedure, number="300/QĐ-BTP", start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31))
    procedure = make_procedure("1.004873", field=Field.objects.get(code="HT"))
    make_version(procedure, number="301/QĐ-BTP", start=dt.date(2024, 1, 1), end=dt.date(2025, 12, 31))
    rows = sample_rows()
    for step in rows["steps"]:
        if step["national_code"] == "1.013225" and step["kind"] == "assess":
            step["working_days"] = Decimal(20)
    errors = _refused(xlsx_bytes(rows))
    assert [(e.sheet, e.row, e.column) for e in errors] == [
        (P, 2, "Hiệu lực từ ngày"),
        (P, 5, "Hiệu lực từ ngày"),
        (S, 18, "Thời gian (ngày làm việc)"),
    ]
    assert errors[2].message == (
        "Tổng thời gian các bước (21 ngày làm việc) vượt thời hạn giải quyết "
        "theo quy định (10 ngày làm việc)."
    )
    assert Procedure.objects.count() == 2


def test_a_service_refusal_rolls_back_the_updates_already_made(tree):
    catalog_import(data=WORKBOOK.read_bytes(), filename="x.xlsx", actor=None, commit=True)
    rows = sample_rows()
    rows["procedures"][0]["name_vi"] = "Đăng ký khai sinh"  # a valid change, first in the file
    for step in rows["steps"]:
        if step["national_code"] == "2.002637" and step["kind"] == "assess":
            step["working_days"] = Decimal(9)  # refused, last in the file
    errors = _refused(xlsx_bytes(rows))
    assert [(e.sheet, e.column) for e in errors] == [(S, "Thời gian (ngày làm việc)")]
    assert Procedure.objects.get(national_code="1.001193").name_vi == "Thủ tục đăng ký khai sinh"


def test_an_empty_procedures_sheet_imports_nothing(tree):
    report = catalog_import(data=xlsx_bytes({}), filename="x.xlsx", actor=None, commit=True)
    assert report.errors == []
    assert report.changes == 0
    assert Procedure.objects.count() == 0


def test_codes_typed_as_numbers_get_their_zeros_back(tree):
    def spoil(cells):
        cells[P][1][cells[P][0].index("Mã thủ tục")] = 1.001193
        for row in cells[M][1:] + cells[D][1:] + cells[S][1:]:
            if row[0] == "1.001193":
                row[0] = 1.001193

    report = catalog_import(data=_cells_with(spoil), filename="x.xlsx", actor=None, commit=True)
    assert report.errors == []
    assert Procedure.objects.filter(national_code="1.001193").exists()


def test_lenient_spellings_are_read(tree):
    """Words without diacritics or in other case, the national export's channel names, 0,5 written
    with a comma, dates as text and grouped thousands are understood."""

    def spoil(cells):
        header, methods = cells[P][0], cells[M][0]
        cells[P][1][header.index("Cấp thực hiện")] = "cap xa"
        cells[P][1][header.index("Ngày quyết định")] = "2025-07-01"
        cells[P][1][header.index("Đang áp dụng")] = "x"
        cells[M][1][methods.index("Hình thức nộp")] = "DIRECT"
        cells[M][1][methods.index("Thời hạn giải quyết (ngày làm việc)")] = "0,5"
        cells[M][1][methods.index("Phí, lệ phí (đồng)")] = "1.000"

    report = catalog_import(data=_cells_with(spoil), filename="x.xlsx", actor=None, commit=True)
    assert report.errors == []
    method = FilingMethod.objects.get(version__procedure__national_code="1.001193", channel=1)
    assert (method.time_limit_days, method.fee_vnd) == (Decimal("0.5"), 1000)
    assert services.legal_time_limit(method.version) == Decimal("0.5")
