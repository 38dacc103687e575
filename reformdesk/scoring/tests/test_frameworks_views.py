"""The framework pages: in the staff menu, the tree with its maxima, the Excel round trip, bad
files refused with the rows listed (nothing saved), and the publish action."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from reformdesk.core.models import AuditEvent
from reformdesk.org.choices import Role, Scope
from reformdesk.org.tests.factories import make_official
from reformdesk.scoring import demo_frameworks
from reformdesk.scoring.excel_frameworks import HEADERS, export_framework
from reformdesk.scoring.models_frameworks import Framework, FrameworkStatus
from reformdesk.scoring.services.frameworks import framework_create, framework_replace_tree

pytestmark = pytest.mark.django_db
LIST = "/staff/indices/frameworks/"
IMPORT = "/staff/indices/frameworks/import/"


@pytest.fixture
def officer(tree):
    return make_official(
        unit=tree.province, role=Role.REFORM, scope=Scope.SUBTREE, username="cchc_tinh_v"
    ).user


@pytest.fixture
def demo(tree, officer):
    framework = framework_create(actor=officer, issuer=tree.province, year=2026, title="Bộ chỉ số mẫu 2026")
    framework_replace_tree(actor=officer, framework=framework, rows=demo_frameworks.rows())
    return framework


def workbook(rows: list[list[object]], headers: tuple[str, ...] = HEADERS) -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    sheet.append(list(headers))
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("bo-chi-so.xlsx", out.getvalue())


def test_the_list_is_in_the_staff_menu_for_reform_officers_and_leaders(client, personas, officer, demo):
    client.force_login(personas.chair_a)
    assert LIST.encode() in client.get("/staff/").content
    page = client.get(LIST, {"year": "2026"}).content.decode()
    assert f"/staff/indices/frameworks/{demo.pk}/" in page and IMPORT not in page
    client.force_login(personas.one_stop_a)
    assert LIST.encode() not in client.get("/staff/").content
    assert client.get(LIST).status_code == 403
    client.force_login(officer)
    assert IMPORT in client.get(LIST).content.decode()


def test_the_tree_page_shows_maxima_and_the_illustrative_marks(client, personas, demo):
    client.force_login(personas.chair_a)
    page = client.get(f"{LIST}{demo.pk}/").content.decode()
    assert "8 lĩnh vực, 24 tiêu chí, 4 tiêu chí thành phần; tổng điểm tối đa 100,00." in page
    assert "Cải cách thủ tục hành chính" in page and "minh họa" in page
    assert "Ban hành (không sửa được nữa)" not in page  # a leader reads, does not publish


def test_export_then_import_round_trips_the_tree(client, tree, officer, demo):
    client.force_login(officer)
    response = client.get(f"{LIST}{demo.pk}/export/")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[1]] == list(HEADERS)
    assert sheet.max_row == 1 + demo.nodes.count()
    upload = SimpleUploadedFile("lai.xlsx", response.content)
    response = client.post(
        IMPORT, {"issuer": tree.province.pk, "year": "2027", "title": "Bộ 2027", "file": upload}
    )
    assert response.status_code == 302
    copy = Framework.objects.get(year=2027)
    fields = (
        "code",
        "level",
        "title",
        "max_points",
        "method",
        "rate_source",
        "shape",
        "shape_params",
        "illustrative",
    )
    assert list(copy.nodes.values_list(*fields)) == list(demo.nodes.values_list(*fields))


def test_a_bad_workbook_lists_its_rows_and_saves_nothing(client, tree, officer):
    client.force_login(officer)
    upload = workbook(
        [
            ["1", 1, "Lĩnh vực", 10, "sum"],
            ["1.1", 2, "Tiêu chí", "mười", "manual"],
            ["1.2", 2, "=A1", 4, "manual"],
            ["1.3", 2, "Tính", 4, "computed", "dossiers_on_time", "steps", "0,9"],
        ]
    )
    response = client.post(IMPORT, {"issuer": tree.province.pk, "year": "2026", "file": upload})
    assert response.status_code == 422
    page = response.content.decode()
    assert "Dòng 3: điểm tối đa «mười» không phải là số." in page
    assert "Dòng 4: không nhận công thức" in page and "Dòng 5: tham số cho điểm" in page
    assert not Framework.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="framework.").exists()


def test_a_file_that_is_not_a_real_xlsx_is_refused(client, tree, officer):
    client.force_login(officer)
    for upload in (
        SimpleUploadedFile("gia.xlsx", b"%PDF-1.4 not a workbook"),
        SimpleUploadedFile("zip.xlsx", b"PK\x03\x04 broken zip"),
        SimpleUploadedFile("bang.csv", b"Ma,Cap\n1,1\n"),
        workbook([["1", 1, "Lĩnh vực", 10, "manual"]], headers=("A", "B", "C", "D", "E")),
    ):
        response = client.post(IMPORT, {"issuer": tree.province.pk, "year": "2026", "file": upload})
        assert response.status_code == 422, upload.name
        assert 'data-testid="form-errors"' in response.content.decode()
    assert not Framework.objects.exists()


def test_publish_from_the_page_then_editing_is_refused(client, tree, officer, demo):
    client.force_login(officer)
    response = client.post(f"{LIST}{demo.pk}/publish/", follow=True)
    assert "Đã ban hành bộ chỉ số" in response.content.decode()
    demo.refresh_from_db()
    assert demo.status == FrameworkStatus.PUBLISHED
    count = demo.nodes.count()
    upload = SimpleUploadedFile("lai.xlsx", export_framework(demo))
    response = client.post(IMPORT, {"issuer": tree.province.pk, "year": "2026", "file": upload})
    assert response.status_code == 422
    assert "đã ban hành nên không sửa được" in response.content.decode()
    assert demo.nodes.count() == count


def test_someone_without_the_permission_cannot_import_or_publish(client, personas, demo):
    client.force_login(personas.chair_a)
    assert client.get(IMPORT).status_code == 403
    assert client.post(f"{LIST}{demo.pk}/publish/").status_code == 403
    demo.refresh_from_db()
    assert demo.status == FrameworkStatus.DRAFT
