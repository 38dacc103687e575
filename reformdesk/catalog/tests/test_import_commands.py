"""manage.py catalog_import / catalog_export, and the import bench helpers."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from reformdesk.catalog.importing.bench import make_workbook, measure_import, synthetic_code
from reformdesk.catalog.models import Field, Procedure
from reformdesk.catalog.tests.samples import WORKBOOK, sample_rows, workbook_content, xlsx_bytes
from reformdesk.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def _run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_dry_run_prints_the_preview_and_writes_nothing(tree):
    output = _run("catalog_import", str(WORKBOOK))
    assert "Thủ tục: 12 dòng; tạo mới 12, cập nhật 0, không đổi 0" in output
    assert "Các bước xử lý: 32 dòng; tạo mới 12, cập nhật 0, không đổi 0" in output
    assert "Lĩnh vực: tạo mới 6, cập nhật 0" in output
    assert "Chạy thử: chưa ghi gì. Thêm --commit để nhập." in output
    assert "Thời gian: " in output
    assert Procedure.objects.count() == 0


def test_commit_imports_and_audits_as_the_given_user(personas):
    output = _run("catalog_import", str(WORKBOOK), "--commit", "--user", "cchc_huyen")
    assert "Đã nhập danh mục từ catalog-sample.xlsx." in output
    assert Procedure.objects.count() == 12
    event = AuditEvent.objects.get(action="catalog.import")
    assert (event.actor_label, event.channel, event.object_repr) == (
        "cchc_huyen",
        "command",
        "catalog-sample.xlsx",
    )


def test_a_user_without_the_permission_is_refused(personas):
    with pytest.raises(CommandError, match="Bạn không có quyền"):
        _run("catalog_import", str(WORKBOOK), "--commit", "--user", "motcua_a")
    assert Procedure.objects.count() == 0


def test_errors_are_listed_and_the_command_fails(tree, tmp_path):
    rows = sample_rows()
    rows["procedures"][1]["name_vi"] = ""
    path = tmp_path / "loi.xlsx"
    path.write_bytes(xlsx_bytes(rows))
    out = StringIO()
    with pytest.raises(CommandError, match=r"Tệp có 1 lỗi; không có dữ liệu nào được nhập\."):
        call_command("catalog_import", str(path), "--commit", stdout=out)
    assert "Thủ tục · dòng 3 · Tên thủ tục: Không được để trống." in out.getvalue()
    assert Procedure.objects.count() == 0


def test_unknown_files_and_users(tree, tmp_path):
    with pytest.raises(CommandError, match="Không tìm thấy tệp"):
        _run("catalog_import", str(tmp_path / "khong-co.xlsx"))
    with pytest.raises(CommandError, match=r"Không có tài khoản “ai_do”\."):
        _run("catalog_import", str(WORKBOOK), "--user", "ai_do")


def test_export_writes_what_import_reads_back(tree, tmp_path):
    _run("catalog_import", str(WORKBOOK), "--commit")
    path = tmp_path / "danh-muc.xlsx"
    assert _run("catalog_export", str(path)) == f"Đã xuất 12 thủ tục vào {path}.\n"
    assert workbook_content(path.read_bytes()) == workbook_content(WORKBOOK.read_bytes())
    assert "Thủ tục: 12 dòng; tạo mới 0, cập nhật 0, không đổi 12" in _run("catalog_import", str(path))


def test_export_wants_an_xlsx_name_in_an_existing_folder(tmp_path):
    with pytest.raises(CommandError, match=r"đuôi \.xlsx"):
        _run("catalog_export", str(tmp_path / "danh-muc.csv"))
    with pytest.raises(CommandError, match="Không có thư mục"):
        _run("catalog_export", str(tmp_path / "khong-co" / "danh-muc.xlsx"))


def test_the_bench_workbook_is_deterministic_and_valid(tree, tmp_path):
    first = make_workbook(tmp_path / "a.xlsx", 40)
    second = make_workbook(tmp_path / "b.xlsx", 40)
    assert workbook_content(first.read_bytes()) == workbook_content(second.read_bytes())
    content = workbook_content(first.read_bytes())
    assert [len(rows) - 1 for rows in content.values()] == [40, 120, 120, 120]
    assert content["Thủ tục"][1][0] == synthetic_code(1) == "9.000001"


def test_measure_import_times_a_commit_and_cleans_up(tree):
    Field.objects.create(code="BENCH05", name_vi="Lĩnh vực thử nghiệm 05")  # left by an earlier run
    Field.objects.create(code="BENCH99", name_vi="Tài nguyên nước")  # not made by the bench
    result = measure_import(30)
    assert result.procedures == 30
    assert result.seconds > 0
    assert Procedure.objects.count() == 0
    assert list(Field.objects.values_list("code", flat=True)) == ["BENCH99"]


def test_measure_import_can_keep_what_it_imported(tree):
    result = measure_import(25, keep=True)
    assert result.procedures == 25
    assert Procedure.objects.filter(national_code__startswith="9.").count() == 25


def _only(rows: dict, code: str) -> dict:
    """The sample rows of one procedure."""
    return {sheet: [row for row in values if row["national_code"] == code] for sheet, values in rows.items()}


def test_the_command_s_counts_read_in_english(tree, tmp_path):
    from django.utils import translation

    one = tmp_path / "mot.xlsx"
    one.write_bytes(xlsx_bytes(_only(sample_rows(), "1.004873")))
    with translation.override("en"):
        many = _run("catalog_import", str(WORKBOOK)).splitlines()
        single = _run("catalog_import", str(one)).splitlines()
    assert "Thủ tục: 12 rows; 12 new, 0 updated, 0 unchanged" in many
    assert "Các bước xử lý: 32 rows; 12 new, 0 updated, 0 unchanged" in many
    assert "Thủ tục: 1 row; 1 new, 0 updated, 0 unchanged" in single
    assert "Thành phần hồ sơ: 1 row; 1 new, 0 updated, 0 unchanged" in single


@pytest.mark.parametrize(
    ("broken", "message"),
    [(1, "The file has 1 error; no data was imported."), (2, "The file has 2 errors; no data was imported.")],
)
def test_the_command_s_error_count_reads_in_english(tree, tmp_path, broken, message):
    from django.utils import translation

    rows = sample_rows()
    for row in rows["procedures"][:broken]:
        row["name_vi"] = ""
    path = tmp_path / "loi.xlsx"
    path.write_bytes(xlsx_bytes(rows))
    with translation.override("en"), pytest.raises(CommandError) as info:
        _run("catalog_import", str(path))
    assert str(info.value) == message
    assert Procedure.objects.count() == 0
