"""Online filing with text as citizens' devices send it: a decomposed name (macOS, some input
methods) stored composed, fullwidth or Arabic-Indic digits stored as ASCII, and a name hiding a
bidi override or made of zero-width spaces refused beside the field with nothing recorded."""

from __future__ import annotations

import unicodedata

import pytest
from django.test import Client

from reformdesk.catalog.choices import OnlineLevel
from reformdesk.dossiers.models import DailyCounter, Dossier, DossierFile
from reformdesk.portal.tests.test_dossier_pages import filing

pytestmark = pytest.mark.django_db

URL = "/nop-ho-so/1.001193/"
NAME = "Trần Thị Lụa"
ADDRESS = "Xóm Mỹ Hạ, xã Phú Sơn"


@pytest.fixture
def online(desk, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    desk.procedure.online_level = OnlineLevel.PARTIAL
    desk.procedure.save(update_fields=["online_level"])
    return desk


def nfd(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    assert decomposed != text
    return decomposed


def test_a_decomposed_name_and_address_are_stored_composed(online, tree):
    response = Client().post(URL, filing(tree, online, name=nfd(NAME), address=nfd(ADDRESS)))

    assert response.status_code == 302, response.content.decode()[:2000]
    dossier = Dossier.objects.get()
    assert (dossier.applicant_name, dossier.applicant_address) == (NAME, ADDRESS)


@pytest.mark.parametrize(
    ("id_number", "phone"),
    [
        ("０４０１９５００４３２１", "０９８７ ６５４ ３２１"),  # fullwidth
        ("٠٤٠١٩٥٠٠٤٣٢١", "٠٩٨٧٦٥٤٣٢١"),  # Arabic-Indic
    ],
)
def test_any_scripts_digits_are_stored_as_ascii(online, tree, id_number, phone):
    response = Client().post(URL, filing(tree, online, id_number=id_number, phone=phone))

    assert response.status_code == 302, response.content.decode()[:2000]
    dossier = Dossier.objects.get()
    assert (dossier.applicant_id_number, dossier.applicant_phone) == ("040195004321", "0987654321")


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"name": "Trần \u202eThị Lụa"},
            "name",
            "Nội dung chứa ký tự đảo hướng chữ không được phép (U+202E).",
        ),
        (
            {"name": "\u200b\u200c\u200d"},
            "name",
            "Nội dung chỉ gồm ký tự không nhìn thấy được (như khoảng trắng độ rộng bằng 0).",
        ),
        (
            {"representative_name": "\u2067Lê Văn Tám\u2069", "representative_id_number": "040095001234"},
            "representative_name",
            "Nội dung chứa ký tự đảo hướng chữ không được phép (U+2067).",
        ),
        (
            {"id_number": "０４０１９５００４３ＡＢ"},
            "id_number",
            "Số định danh cá nhân phải gồm đúng 12 chữ số.",
        ),
    ],
)
def test_hidden_characters_are_refused_beside_the_field_and_nothing_is_recorded(
    online, tree, overrides, field, message
):
    response = Client().post(URL, filing(tree, online, **overrides))

    assert response.status_code == 400
    page = response.content.decode()
    assert f'<a href="#id_{field}">' in page  # in the error summary, linked to the field
    assert message in page
    assert not Dossier.objects.exists()
    assert not DailyCounter.objects.exists()
    assert not DossierFile.objects.exists()
