"""Public dossier pages: the lookup (same answer for unknown and wrong) and online filing."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from reformdesk.catalog.choices import OnlineLevel
from reformdesk.dossiers.choices import Status
from reformdesk.dossiers.models import Dossier, DossierFile
from reformdesk.dossiers.services import dossier_receive
from reformdesk.dossiers.tests.factories import applicant, png_claiming, vn

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture
def received(desk, personas, tree):
    return dossier_receive(
        actor=personas.one_stop_a,
        unit=tree.commune_a,
        procedure=desk.procedure,
        applicant=applicant(),
        submitted_papers=desk.required_ids,
        at=vn(2025, 12, 1, 9),
    )


def test_the_lookup_page_shows_status_and_appointment_for_the_right_secret(received):
    response = Client().post("/tra-cuu-ho-so/", {"code": received.code.lower(), "secret": received.secret})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Đã tiếp nhận" in page and "09:00 04/12/2025" in page
    assert "Hoàng Văn Bình" not in page and "040095001234" not in page


def test_the_lookup_page_answers_unknown_and_wrong_alike(received):
    wrong = Client().post("/tra-cuu-ho-so/", {"code": received.code, "secret": "0000"})
    unknown = Client().post(
        "/tra-cuu-ho-so/", {"code": received.code[:-4] + "0999", "secret": received.secret}
    )
    assert wrong.status_code == unknown.status_code == 404
    for response in (wrong, unknown):
        page = response.content.decode()
        assert 'data-testid="lookup-not-found"' in page
        assert 'data-testid="lookup-result"' not in page


def test_the_lookup_page_reads_fullwidth_digits_and_answers_wrong_ones_as_unknown(received):
    """Fullwidth digits once gave a 500 for an existing code and a 404 for an unknown one."""
    right = Client().post("/tra-cuu-ho-so/", {"code": received.code, "secret": "５６７８"})
    assert right.status_code == 200
    assert 'data-testid="lookup-result"' in right.content.decode()
    wrong = Client().post("/tra-cuu-ho-so/", {"code": received.code, "secret": "１２３４"})
    unknown = Client().post("/tra-cuu-ho-so/", {"code": received.code[:-4] + "0999", "secret": "１２３４"})
    assert wrong.status_code == unknown.status_code == 404
    for response in (wrong, unknown):
        page = response.content.decode()
        assert 'data-testid="lookup-not-found"' in page
        assert 'data-testid="lookup-result"' not in page


def test_the_empty_lookup_page_is_a_form(db):
    response = Client().get("/tra-cuu-ho-so/")
    assert response.status_code == 200
    assert 'data-testid="lookup-form"' in response.content.decode()


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (6, 6)).save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def online(desk):
    desk.procedure.online_level = OnlineLevel.PARTIAL
    desk.procedure.save(update_fields=["online_level"])
    return desk


def filing(tree, desk, **overrides):
    data = {
        "unit": str(tree.commune_a.pk),
        "applicant_kind": "person",
        "name": "Trần Thị Lụa",
        "id_number": "040195004321",
        "phone": "0987 654 321",
        "client_token": "5b0b7f5e-2f7e-4a8e-9d6b-0c8e2d1a7f11",
        "consent": "on",
        f"paper_{desk.papers[0].pk}": SimpleUploadedFile("to-khai.pdf", PDF, "application/pdf"),
        f"paper_{desk.papers[1].pk}": SimpleUploadedFile("chung-sinh.png", png(), "image/png"),
    }
    data.update(overrides)
    return data


def test_a_citizen_files_online_and_gets_the_code_and_secret(online, tree, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = Client()
    assert client.get("/nop-ho-so/1.001193/").status_code == 200
    response = client.post("/nop-ho-so/1.001193/", filing(tree, online))

    assert response.status_code == 302, response.content.decode()[:2000]
    dossier = Dossier.objects.get()
    assert (dossier.status, dossier.channel, dossier.applicant_name) == (Status.SUBMITTED, 2, "Trần Thị Lụa")
    assert DossierFile.objects.count() == 2
    page = client.get(response["Location"]).content.decode()
    assert dossier.code in page and dossier.secret in page


def test_a_file_that_is_not_a_document_is_refused_and_nothing_is_saved(online, tree, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    data = filing(tree, online)
    data[f"paper_{online.papers[0].pk}"] = SimpleUploadedFile("to-khai.pdf", b"MZ\x90 exe", "application/pdf")
    response = Client().post("/nop-ho-so/1.001193/", data)
    assert response.status_code == 400
    assert "không phải PDF, JPEG hoặc PNG" in response.content.decode()
    assert Dossier.objects.count() == 0


def test_an_image_claiming_100000_by_100000_pixels_is_a_field_error_and_nothing_is_saved(
    online, tree, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    data = filing(tree, online)
    bomb = SimpleUploadedFile("chung-sinh.png", png_claiming(100_000, 100_000), "image/png")
    data[f"paper_{online.papers[1].pk}"] = bomb
    response = Client().post("/nop-ho-so/1.001193/", data)
    assert response.status_code == 400
    assert "Ảnh “chung-sinh.png” có quá nhiều điểm ảnh (tối đa 89 triệu)." in response.content.decode()
    assert (Dossier.objects.count(), DossierFile.objects.count()) == (0, 0)
    assert list(tmp_path.rglob("*.*")) == []


def test_bad_applicant_data_is_shown_and_nothing_is_saved(online, tree, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    response = Client().post("/nop-ho-so/1.001193/", filing(tree, online, id_number="12", consent=""))
    page = response.content.decode()
    assert response.status_code == 400
    assert "This field is required." not in page
    assert Dossier.objects.count() == 0


def test_a_procedure_not_offered_online_cannot_be_filed_online(desk):
    assert Client().get("/nop-ho-so/1.001193/").status_code == 404


def test_a_delivered_dossier_looked_up_with_the_receipt_secret_links_to_its_rating(received, personas):
    from reformdesk.dossiers.services import dossier_decline, dossier_deliver

    dossier_decline(actor=personas.chair_a, dossier=received, reasons="Không đủ điều kiện")
    dossier_deliver(actor=personas.one_stop_a, dossier=received, method="counter", collected_by="Bình")
    page = (
        Client().post("/tra-cuu-ho-so/", {"code": received.code, "secret": received.secret}).content.decode()
    )
    assert f'href="/danh-gia/{received.code}/?secret={received.secret}"' in page
    by_phone = Client().post("/tra-cuu-ho-so/", {"code": received.code, "secret": "5678"}).content.decode()
    assert 'data-testid="rate-link"' not in by_phone
