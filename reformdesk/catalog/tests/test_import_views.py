"""The staff import/export pages: who may use them, the upload → preview → commit flow, the download."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from reformdesk.catalog.importing.reader import MAX_FILE_BYTES
from reformdesk.catalog.models import Procedure
from reformdesk.catalog.tests.factories import make_field, make_procedure, make_version
from reformdesk.catalog.tests.samples import CSV, WORKBOOK, sample_rows, workbook_content, xlsx_bytes
from reformdesk.catalog.views.importing import SESSION_KEY
from reformdesk.core.models import AuditEvent
from reformdesk.core.tests.helpers import sign_in

pytestmark = pytest.mark.django_db

IMPORT = "/staff/catalog/import/"
COMMIT = "/staff/catalog/import/commit/"
EXPORT = "/staff/catalog/export.xlsx"


@pytest.fixture(autouse=True)
def upload_folder(tmp_path, settings):
    settings.CATALOG_IMPORT_DIR = str(tmp_path / "uploads")
    return tmp_path / "uploads"


def _client(user) -> Client:
    return sign_in(Client(), user)


def _upload(client: Client, data: bytes, name: str = "danh-muc.xlsx"):
    return client.post(IMPORT, {"file": SimpleUploadedFile(name, data)})


def test_urls_have_their_names():
    assert reverse("catalog:import") == IMPORT
    assert reverse("catalog:import_commit") == COMMIT
    assert reverse("catalog:export_xlsx") == EXPORT


@pytest.mark.parametrize("who", ["admin", "district_reform"])
def test_reform_officers_and_administrators_may_use_the_pages(personas, who):
    client = _client(getattr(personas, who))
    page = client.get(IMPORT)
    assert page.status_code == 200
    assert 'enctype="multipart/form-data"' in page.content.decode()
    assert client.get(EXPORT).status_code == 200


@pytest.mark.parametrize("who", ["chair_a", "one_stop_a", "specialist_b", "inspector", "outsider"])
def test_other_staff_get_403_and_change_nothing(personas, who, upload_folder):
    client = _client(getattr(personas, who))
    assert client.get(IMPORT).status_code == 403
    assert _upload(client, WORKBOOK.read_bytes()).status_code == 403
    assert client.post(COMMIT, {"token": "x" * 32}).status_code == 403
    assert client.get(EXPORT).status_code == 403
    assert Procedure.objects.count() == 0
    assert not upload_folder.exists() or not any(upload_folder.iterdir())


def test_anonymous_visitors_are_sent_to_sign_in(tree):
    client = Client()
    for response in (client.get(IMPORT), client.post(COMMIT), client.get(EXPORT)):
        assert response.status_code == 302
        assert response["Location"].startswith("/login/") or "login" in response["Location"]


def test_upload_preview_then_commit(personas, upload_folder):
    """GIVEN a reform officer WHEN she uploads the sample THEN she sees the preview, nothing is
    written and the file waits server-side under a token; WHEN she commits THEN the same file is
    imported, audited under her name, and the waiting file is removed."""
    client = _client(personas.district_reform)
    audit_rows = AuditEvent.objects.count()
    response = _upload(client, WORKBOOK.read_bytes())
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="preview"' in html
    assert re.search(
        r'<tr data-sheet="procedures">\s*<th scope="row">Thủ tục</th>\s*<td class="text-end">12</td>\s*'
        r'<td class="text-end">12</td>\s*<td class="text-end">0</td>\s*<td class="text-end">0</td>',
        html,
    )
    assert 'data-testid="commit-form"' in html
    assert Procedure.objects.count() == 0
    assert AuditEvent.objects.count() == audit_rows
    entry = client.session[SESSION_KEY]
    assert set(entry) == {"token", "name"}
    assert entry["name"] == "danh-muc.xlsx"
    stored = upload_folder / f"{entry['token']}.upload"
    assert stored.read_bytes() == WORKBOOK.read_bytes()
    assert f'name="token" value="{entry["token"]}"' in html

    response = client.post(COMMIT, {"token": entry["token"]}, follow=True)
    assert response.redirect_chain == [(IMPORT, 302)]
    assert (
        "Đã nhập danh mục từ danh-muc.xlsx: 12 thủ tục mới, 0 thủ tục được cập nhật."
        in response.content.decode()
    )
    assert Procedure.objects.count() == 12
    assert AuditEvent.objects.get(action="catalog.import").actor_label == "cchc_huyen"
    assert not stored.exists()
    assert SESSION_KEY not in client.session


def test_commit_needs_the_token_of_this_sessions_upload(personas, upload_folder):
    client = _client(personas.district_reform)
    _upload(client, WORKBOOK.read_bytes())
    response = client.post(COMMIT, {"token": "another-token-of-thirty-two-chars"}, follow=True)
    assert "Tệp đã xem trước không còn nữa" in response.content.decode()
    assert Procedure.objects.count() == 0
    other = _client(personas.admin)  # another session cannot commit it either
    other.post(COMMIT, {"token": client.session[SESSION_KEY]["token"]})
    assert Procedure.objects.count() == 0


def test_commit_checks_the_file_again(personas):
    """Between preview and commit someone creates a later version: the commit is refused per row."""
    client = _client(personas.district_reform)
    _upload(client, WORKBOOK.read_bytes())
    make_version(
        make_procedure("1.001193", field=make_field("HT", "Hộ tịch")),
        number="9/QĐ",
        start=dt.date(2026, 1, 1),
        end=dt.date(2026, 6, 30),
    )
    response = client.post(COMMIT, {"token": client.session[SESSION_KEY]["token"]})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'data-testid="errors"' in html
    assert "Thời gian hiệu lực trùng với phiên bản theo quyết định 9/QĐ." in html
    assert Procedure.objects.count() == 1


def test_a_file_with_errors_shows_the_error_table_and_no_commit_button(personas):
    rows = sample_rows()
    rows["procedures"][0]["name_vi"] = ""
    client = _client(personas.district_reform)
    response = _upload(client, xlsx_bytes(rows))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="errors"' in html
    assert "<td>Thủ tục</td>" in html and "<td>Tên thủ tục</td>" in html and "Không được để trống." in html
    assert 'data-testid="commit-form"' not in html
    assert Procedure.objects.count() == 0


def test_a_round_trip_file_needs_no_commit(personas):
    client = _client(personas.district_reform)
    _upload(client, WORKBOOK.read_bytes())
    client.post(COMMIT, {"token": client.session[SESSION_KEY]["token"]})
    response = _upload(client, client.get(EXPORT).content)
    html = response.content.decode()
    assert "Tệp không có gì khác với danh mục hiện có: không cần nhập." in html
    assert 'data-testid="commit-form"' not in html


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("danh-muc.pdf", b"%PDF", "Chỉ nhận tệp Excel (.xlsx) hoặc CSV (.csv)."),
        ("danh-muc.xlsx", b"Ma thu tuc;Ten", "Tệp không phải là bảng tính Excel (.xlsx) dù có đuôi .xlsx."),
        ("danh-muc.csv", WORKBOOK.read_bytes(), "Tệp là bảng tính Excel, không phải CSV"),
    ],
)
def test_the_upload_form_checks_extension_and_content(personas, upload_folder, name, data, message):
    client = _client(personas.district_reform)
    response = _upload(client, data, name)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert 'id="id_file_error"' in response.content.decode()
    assert SESSION_KEY not in client.session
    assert not upload_folder.exists() or not any(upload_folder.iterdir())


def test_the_upload_form_checks_the_size(personas, upload_folder):
    client = _client(personas.district_reform)
    response = _upload(client, b"PK\x03\x04" + b"\0" * MAX_FILE_BYTES)
    assert response.status_code == 400
    assert "Tệp quá lớn; giới hạn là 10 MB." in response.content.decode()


def test_an_upload_without_a_file_is_a_form_error(personas):
    response = _client(personas.district_reform).post(IMPORT, {})
    assert response.status_code == 400
    assert 'id="id_file_error"' in response.content.decode()


def test_a_csv_upload_previews_the_procedures_sheet(personas):
    response = _upload(_client(personas.district_reform), CSV.read_bytes(), "thu-tuc.csv")
    html = response.content.decode()
    assert '<tr data-sheet="procedures">' in html
    assert '<tr data-sheet="papers">' not in html


def test_a_new_upload_replaces_the_waiting_one(personas, upload_folder):
    client = _client(personas.district_reform)
    _upload(client, WORKBOOK.read_bytes())
    first = client.session[SESSION_KEY]["token"]
    _upload(client, CSV.read_bytes(), "thu-tuc.csv")
    assert client.session[SESSION_KEY]["token"] != first
    assert [p.name for p in upload_folder.iterdir()] == [f"{client.session[SESSION_KEY]['token']}.upload"]


def test_the_export_is_the_catalog_in_the_import_layout(personas):
    client = _client(personas.district_reform)
    _upload(client, WORKBOOK.read_bytes())
    client.post(COMMIT, {"token": client.session[SESSION_KEY]["token"]})
    response = client.get(EXPORT)
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert re.fullmatch(
        r'attachment; filename="danh-muc-thu-tuc-\d{8}\.xlsx"', response["Content-Disposition"]
    )
    assert workbook_content(response.content) == workbook_content(WORKBOOK.read_bytes())


def test_the_page_has_no_inline_script_or_style(personas):
    client = _client(personas.district_reform)
    for response in (client.get(IMPORT), _upload(client, WORKBOOK.read_bytes())):
        html = response.content.decode()
        assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == []
        assert " style=" not in html
        assert re.findall(r"<[^>]+\son[a-z]+=", html) == []


# --- Counts in English: "1 error", "3 errors" ---------------------------------------------------------


def _english_upload(client: Client, data: bytes):
    return client.post(IMPORT, {"file": SimpleUploadedFile("danh-muc.xlsx", data)}, HTTP_ACCEPT_LANGUAGE="en")


def _text(response) -> str:
    """The page's text with its markup removed and white space collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


@pytest.mark.parametrize(
    ("broken", "message"),
    [
        (1, "The file has 1 error. No data was imported; correct the file and upload it again."),
        (3, "The file has 3 errors. No data was imported; correct the file and upload it again."),
    ],
)
def test_the_error_count_reads_in_english(personas, broken, message):
    rows = sample_rows()
    for row in rows["procedures"][:broken]:
        row["name_vi"] = ""
    response = _english_upload(_client(personas.district_reform), xlsx_bytes(rows))
    assert response.status_code == 200
    assert message in _text(response)
    assert Procedure.objects.count() == 0


def test_the_preview_counts_read_in_english(personas):
    make_field("HT", "Hộ tịch (cũ)")
    response = _english_upload(_client(personas.district_reform), WORKBOOK.read_bytes())
    text = _text(response)
    assert "5 fields will be created." in text
    assert "1 field will be updated." in text
    assert 'data-testid="versions-closed"' not in response.content.decode()


@pytest.mark.parametrize(
    ("changed", "message"),
    [
        (1, "1 version in force will be closed before the date of its new decision."),
        (2, "2 versions in force will be closed before the dates of their new decisions."),
    ],
)
def test_closed_versions_read_in_english(personas, changed, message):
    client = _client(personas.district_reform)
    _upload(client, WORKBOOK.read_bytes())
    client.post(COMMIT, {"token": client.session[SESSION_KEY]["token"]})
    rows = sample_rows()
    for row in rows["procedures"][:changed]:
        row.update(
            decision_number="200/QĐ-BTP",
            decision_date=dt.date(2026, 2, 1),
            effective_from=dt.date(2026, 3, 1),
        )
    text = _text(_english_upload(client, xlsx_bytes(rows)))
    assert message in text
    assert "field will be" not in text and "fields will be" not in text


def test_the_commit_message_reads_in_english(personas):
    client = _client(personas.district_reform)
    _english_upload(client, WORKBOOK.read_bytes())
    response = client.post(
        COMMIT, {"token": client.session[SESSION_KEY]["token"]}, follow=True, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "Catalogue imported from danh-muc.xlsx: 12 new procedures, 0 procedures updated." in _text(
        response
    )

    rows = sample_rows()
    rows["procedures"][0]["legal_basis"] = "Luật Hộ tịch 2014"
    _english_upload(client, xlsx_bytes(rows))
    response = client.post(
        COMMIT, {"token": client.session[SESSION_KEY]["token"]}, follow=True, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "Catalogue imported from danh-muc.xlsx: 0 new procedures, 1 procedure updated." in _text(response)
