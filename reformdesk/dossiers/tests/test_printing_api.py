"""GET /api/v1/dossiers/{code}/forms/{number} and the staff downloads of the tracking book."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from django.urls import include, path
from openpyxl import load_workbook

from reformdesk.core.models import AccessLog
from reformdesk.core.services.tokens import token_create
from reformdesk.core.tests.helpers import sign_in
from reformdesk.dossiers.models import Dossier
from reformdesk.urls import urlpatterns as project_urlpatterns

# The staff pages of the tracking book, mounted beside the project's URLs as the project will.
urlpatterns = [
    *project_urlpatterns,
    path("", include(("reformdesk.dossiers.urls_printing", "dossiers_printing"))),
]
pytestmark = pytest.mark.django_db


def url(dossier: Dossier, number: str) -> str:
    return f"/api/v1/dossiers/{dossier.code}/forms/{number}"


def test_staff_get_the_receipt_as_a_pdf(client, dossier, personas):
    sign_in(client, personas.one_stop_a)
    response = client.get(url(dossier, "01"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'inline; filename="{dossier.code}-mau-01.pdf"'
    assert response.content.startswith(b"%PDF-")
    log = AccessLog.objects.get()
    assert (log.actor, log.purpose, log.channel) == (personas.one_stop_a, "print form 01", "api")


def test_a_personal_access_token_works_too(dossier, personas):
    _token, secret = token_create(actor=personas.chair_a, user=personas.chair_a, name="in ấn")
    response = Client().get(url(dossier, "06"), HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert (response.status_code, response.content[:5]) == (200, b"%PDF-")


@pytest.mark.parametrize("who", ["specialist_b", "outsider"])
def test_others_get_the_404_of_an_unknown_code_and_nothing_is_logged(client, dossier, personas, who):
    """Another commune's dossier once answered 403 and a missing one 404: the difference told
    which codes exist. Both are now the same 404."""
    sign_in(client, getattr(personas, who))
    response = client.get(url(dossier, "01"))
    unknown = client.get("/api/v1/dossiers/000.30.31.H41-251201-0999/forms/01")
    assert response.status_code == unknown.status_code == 404
    assert (
        response.json()
        == unknown.json()
        == {"detail": "Không tìm thấy hồ sơ có mã này.", "code": "not_found"}
    )
    assert AccessLog.objects.count() == 0


def test_anonymous_requests_get_401(dossier):
    assert Client().get(url(dossier, "01")).status_code == 401


def test_an_unknown_code_and_a_form_that_does_not_apply_get_404(client, dossier, personas):
    sign_in(client, personas.one_stop_a)
    response = client.get("/api/v1/dossiers/000.30.31.H41-251201-0999/forms/01")
    assert (response.status_code, response.json()) == (
        404,
        {"detail": "Không tìm thấy hồ sơ có mã này.", "code": "not_found"},
    )
    response = client.get(url(dossier, "04"))
    assert (response.status_code, response.json()) == (
        404,
        {"detail": "Hồ sơ chưa có văn bản xin lỗi, hẹn lại ngày trả kết quả.", "code": "form_not_applicable"},
    )
    response = client.get(url(dossier, "99"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    assert AccessLog.objects.count() == 0


@pytest.mark.urls(__name__)
def test_the_tracking_book_downloads_for_a_month(client, dossier, personas):
    sign_in(client, personas.one_stop_a)
    response = client.get("/staff/dossiers/tracking-book.xlsx", {"unit": "000.30.31.H41", "month": "2025-12"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="so-theo-doi-ho-so-000.30.31.H41-2025-12.xlsx"'
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert (sheet["B6"].value, sheet["E6"].value) == (dossier.code, "Hoàng Văn Bình")
    response = client.get("/staff/dossiers/tracking-book.pdf", {"month": "2025-12"})
    assert (response.status_code, response["Content-Type"], response.content[:5]) == (
        200,
        "application/pdf",
        b"%PDF-",
    )
    assert AccessLog.objects.count() == 2


@pytest.mark.urls(__name__)
@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"month": "2025-13"}, "Tháng không hợp lệ. Ghi theo dạng 2025-12 (năm-tháng)."),
        ({"month": "tháng 12"}, "Tháng không hợp lệ. Ghi theo dạng 2025-12 (năm-tháng)."),
        ({"month": "1999-12"}, "Tháng không hợp lệ. Ghi theo dạng 2025-12 (năm-tháng)."),
        ({"unit": "000.99.99.H41"}, "Không tìm thấy đơn vị có mã «000.99.99.H41»."),
    ],
)
def test_a_bad_query_gets_400_with_the_reason(client, personas, tree, query, message):
    sign_in(client, personas.one_stop_a)
    response = client.get("/staff/dossiers/tracking-book.pdf", query)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert AccessLog.objects.count() == 0


@pytest.mark.urls(__name__)
def test_the_book_of_a_unit_the_user_does_not_serve_is_403(client, personas, tree):
    sign_in(client, personas.specialist_b)
    response = client.get("/staff/dossiers/tracking-book.xlsx", {"unit": "000.30.31.H41", "month": "2025-12"})
    assert response.status_code == 403
    assert AccessLog.objects.count() == 0
