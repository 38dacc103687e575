"""Text typed at the desk and sent to the staff API: names stored in NFC, bidi overrides and
invisible names refused with nothing recorded, phone and ID digits stored as ASCII whatever
script they were typed in; queries holding a NUL answered, never a 500 (PostgreSQL refuses a NUL)."""

from __future__ import annotations

import unicodedata
import uuid

import pytest
from django.contrib.auth.models import User
from django.test import Client

from reformdesk.core.services.tokens import token_create
from reformdesk.core.tests.helpers import sign_in
from reformdesk.dossiers.models import DailyCounter, Dossier

pytestmark = pytest.mark.django_db

INTAKE = "/staff/dossiers/new/1.001193/"
NAME = "Nguyễn Thị Hường"
ADDRESS = "Xóm Mỹ Hạ, xã Phú Sơn"
OVERRIDE = "Nội dung chứa ký tự đảo hướng chữ không được phép (U+202E)."
INVISIBLE = "Nội dung chỉ gồm ký tự không nhìn thấy được (như khoảng trắng độ rộng bằng 0)."


def nfd(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    assert decomposed != text
    return decomposed


def nothing_recorded() -> bool:
    return not Dossier.objects.exists() and not DailyCounter.objects.exists()


# --- intake at the counter -----------------------------------------------------------------------


def intake(desk, personas, **overrides):
    data = {
        "applicant_kind": "person",
        "name": "Hoàng Văn Bình",
        "id_number": "040095001234",
        "phone": "0912 345 678",
        "channel": "1",
        "papers": [str(pk) for pk in desk.required_ids],
        "client_token": str(uuid.uuid4()),
        **overrides,
    }
    return sign_in(Client(), personas.one_stop_a).post(INTAKE, data)


def test_the_counter_stores_a_decomposed_name_composed(desk, personas):
    response = intake(desk, personas, name=nfd(NAME), address=nfd(ADDRESS), note=nfd("Đã đủ\ngiấy tờ"))

    assert response.status_code == 302, response.content.decode()[:2000]
    dossier = Dossier.objects.get()
    assert (dossier.applicant_name, dossier.applicant_address) == (NAME, ADDRESS)
    assert dossier.events.get().note == "Đã đủ\ngiấy tờ"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"name": "Hoàng \u202eVăn Bình"}, OVERRIDE),
        ({"name": "\u200b\u200b"}, INVISIBLE),
        ({"address": "Xóm 3\x1b"}, "Nội dung chứa ký tự điều khiển không được phép (U+001B)."),
    ],
)
def test_the_counter_refuses_hidden_characters_beside_the_field_and_records_nothing(
    desk, personas, overrides, message
):
    response = intake(desk, personas, **overrides)

    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert nothing_recorded()


@pytest.mark.parametrize(
    ("id_number", "phone"),
    [
        ("０４００９５００１２３４", "０９１２３４５６７８"),  # fullwidth
        ("٠٤٠٠٩٥٠٠١٢٣٤", "٠٩١٢ ٣٤٥ ٦٧٨"),  # Arabic-Indic
    ],
)
def test_the_counter_stores_any_scripts_digits_as_ascii(desk, personas, id_number, phone):
    response = intake(desk, personas, id_number=id_number, phone=phone, representative_id_number="")

    assert response.status_code == 302, response.content.decode()[:2000]
    dossier = Dossier.objects.get()
    assert (dossier.applicant_id_number, dossier.applicant_phone) == ("040095001234", "0912345678")


def test_letters_in_a_phone_are_still_refused(desk, personas):
    response = intake(desk, personas, phone="０９１２ABCDEF")

    assert response.status_code == 400
    assert "Số điện thoại “0912ABCDEF” không đúng định dạng Việt Nam" in response.content.decode()
    assert nothing_recorded()


# --- the staff API -------------------------------------------------------------------------------


def api(user: User) -> Client:
    _, secret = token_create(actor=None, user=user, name="Kiểm thử")
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")


def create(personas, **applicant):
    body = {
        "procedure": "1.001193",
        "applicant": {"name": "Hoàng Văn Bình", "id_number": "040095001234", **applicant},
        "papers": ["Tờ khai đăng ký khai sinh", "Giấy chứng sinh"],
        "note": nfd("Nhận qua bưu chính,\nđủ giấy tờ"),
    }
    return api(personas.one_stop_a).post("/api/v1/dossiers", body, content_type="application/json")


def test_the_api_stores_text_composed_and_digits_as_ascii(desk, personas):
    response = create(personas, name=nfd(NAME), address=nfd(ADDRESS), phone="０９１２ ３４５ ６７８")

    assert response.status_code == 201, response.content
    dossier = Dossier.objects.get()
    assert (dossier.applicant_name, dossier.applicant_address, dossier.applicant_phone) == (
        NAME,
        ADDRESS,
        "0912345678",
    )
    assert dossier.events.get().note == "Nhận qua bưu chính,\nđủ giấy tờ"


def test_the_api_reads_arabic_indic_id_digits_as_ascii(desk, personas):
    response = create(personas, id_number="٠٤٠٠٩٥٠٠١٢٣٤")

    assert response.status_code == 201, response.content
    assert response.json()["applicant"]["id_number"] == "040095001234"
    assert Dossier.objects.get().applicant_id_number == "040095001234"


def test_a_decomposed_name_at_the_length_limit_fits(desk, personas):
    name = ("Hường " * 34)[:200].strip()  # 199 characters composed, 265 decomposed
    assert len(nfd(name)) > 200

    response = create(personas, name=nfd(name))

    assert response.status_code == 201, response.content
    assert Dossier.objects.get().applicant_name == name


@pytest.mark.parametrize(
    ("applicant", "field", "message"),
    [
        ({"name": "Hoàng \u202eVăn Bình"}, "applicant.name", OVERRIDE),
        ({"name": "\u200b\ufeff"}, "applicant.name", INVISIBLE),
        ({"name": "Bình\x00"}, "applicant.name", "Nội dung chứa ký tự điều khiển không được phép (U+0000)."),
        (
            {"address": "Xóm 3\nxã Phú Sơn"},
            "applicant.address",
            "Ô này chỉ nhận một dòng: nội dung chứa dấu xuống dòng hoặc dấu tab (U+000A).",
        ),
    ],
)
def test_the_api_refuses_hidden_characters_with_a_422_and_records_nothing(
    desk, personas, applicant, field, message
):
    response = create(personas, **applicant)

    assert response.status_code == 422, response.content
    assert response.json() == {
        "detail": "Dữ liệu không hợp lệ.",
        "code": "validation_error",
        "errors": [{"field": field, "message": message}],
    }
    assert nothing_recorded()


def test_letters_in_an_id_number_are_still_refused_by_the_api(desk, personas):
    response = create(personas, id_number="０４００９５００１２ＡＢ")

    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "id_number", "message": "Số định danh cá nhân phải gồm đúng 12 chữ số."}
    ]
    assert nothing_recorded()


def test_a_nul_in_a_search_is_dropped_and_in_a_code_is_refused(desk, personas):
    """GIVEN query strings holding a NUL WHEN the lists are asked THEN the search runs without it
    and a code is refused with a 422 (on PostgreSQL each was a 500)."""
    client = api(personas.one_stop_a)
    create(personas, name=NAME)

    found = client.get("/api/v1/dossiers", {"search": "Hường\x00", "list": "all"})
    assert found.status_code == 200, found.content
    assert [d["applicant_name"] for d in found.json()["items"]] == [NAME]

    for path, params in [
        ("/api/v1/dossiers", {"unit": "\x00"}),
        ("/api/v1/dossiers", {"procedure": "1.001193\x00"}),
        ("/api/v1/dossiers/%00", {}),
        ("/api/v1/org/units/%00", {}),
    ]:
        response = client.get(path, params)
        assert response.status_code == 422, (path, response.content)
        assert response.json()["errors"][0]["message"] == (
            "Nội dung chứa ký tự điều khiển không được phép (U+0000)."
        )

    for path, params in [
        ("/api/v1/org/officials", {"q": "\x00"}),
        ("/api/v1/procedures", {"search": "\x00"}),
    ]:
        assert client.get(path, params).status_code == 200, path
