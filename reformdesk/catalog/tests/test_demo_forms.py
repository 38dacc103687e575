"""The demo's blank forms: real PDFs with their title, attached to the papers that name them, once."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from django.test import Client
from django.urls import reverse

from reformdesk.catalog import demo as catalog_demo
from reformdesk.catalog import demo_forms
from reformdesk.catalog.demo_data_content import FIELD_CONTENT
from reformdesk.catalog.demo_data_procedures import PROCEDURES
from reformdesk.catalog.demo_forms_data import BUNDLES, FORMS, FORMS_BY_SLUG, PAPER_FORMS
from reformdesk.catalog.models import RequiredPaper
from reformdesk.org import demo as org_demo

pytestmark = pytest.mark.django_db

EVERY_FILE = sorted({*FORMS_BY_SLUG, *BUNDLES})


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


@pytest.fixture
def demo_catalog(media):
    org_demo.seed_units()
    catalog_demo.seed()
    return media


def pdf_text(data: bytes, tmp_path) -> str:
    """The text of a PDF as poppler's pdftotext extracts it."""
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / "form.pdf"
    path.write_bytes(data)
    # A fixed program on a file this test wrote.
    result = subprocess.run([pdftotext, "-layout", str(path), "-"], capture_output=True, check=True)  # noqa: S603
    return result.stdout.decode()


def test_every_paper_naming_an_official_form_gets_its_pdf(demo_catalog):
    with_files = RequiredPaper.objects.exclude(form_file="")
    assert {paper.name_vi for paper in with_files} == set(PAPER_FORMS)
    assert all(
        paper.form_file.name == f"catalog/forms/demo/{PAPER_FORMS[paper.name_vi]}.pdf" for paper in with_files
    )
    birth = RequiredPaper.objects.get(
        version__procedure__national_code="1.001193", version__effective_to=None, sort_order=1
    )
    assert (birth.name_vi, birth.form_file.name) == (
        "Tờ khai đăng ký khai sinh theo mẫu",
        "catalog/forms/demo/to-khai-dang-ky-khai-sinh.pdf",
    )
    # One file per distinct form, shared by every paper that names it.
    stored = sorted(p.name for p in (demo_catalog / "catalog" / "forms" / "demo").iterdir())
    assert stored == sorted(f"{name}.pdf" for name in set(PAPER_FORMS.values()))
    assert (
        RequiredPaper.objects.filter(name_vi="Giấy chứng sinh hoặc giấy tờ thay thế Giấy chứng sinh")
        .exclude(form_file="")
        .count()
        == 0
    )


def test_seeding_again_renders_and_attaches_nothing(demo_catalog, monkeypatch):
    folder = demo_catalog / "catalog" / "forms" / "demo"
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    files = dict(RequiredPaper.objects.exclude(form_file="").values_list("pk", "form_file"))

    def no_rendering(name):
        raise AssertionError(f"{name} rendered again")

    monkeypatch.setattr(demo_forms, "form_pdf", no_rendering)
    assert demo_forms.seed_form_files() == 0
    catalog_demo.seed()
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
    assert dict(RequiredPaper.objects.exclude(form_file="").values_list("pk", "form_file")) == files


def test_a_paper_with_its_own_file_keeps_it(demo_catalog):
    paper = RequiredPaper.objects.filter(name_vi="Tờ khai đăng ký kết hôn theo mẫu").first()
    RequiredPaper.objects.filter(pk=paper.pk).update(form_file="catalog/forms/to-khai-cua-xa.docx")
    assert demo_forms.seed_form_files() == 0
    paper.refresh_from_db()
    assert paper.form_file.name == "catalog/forms/to-khai-cua-xa.docx"


@pytest.mark.parametrize("name", EVERY_FILE)
def test_each_form_is_a_pdf_with_its_title_and_source(name, tmp_path):
    data = demo_forms.form_pdf(name)
    assert data.startswith(b"%PDF-")
    text = " ".join(pdf_text(data, tmp_path).split())
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    for form in demo_forms.forms_of(name):
        assert form.title in text
        assert "Mẫu ban hành kèm theo Thông tư số 04/2020/TT-BTP" in text
        assert form.pledge.split(".")[0] in text
    assert "Bản mẫu dựng lại cho dữ liệu minh họa." in text


def test_the_same_form_renders_to_the_same_bytes():
    demo_forms.form_pdf.cache_clear()
    first = demo_forms.form_pdf("to-khai-dang-ky-khai-tu")
    demo_forms.form_pdf.cache_clear()
    assert demo_forms.form_pdf("to-khai-dang-ky-khai-tu") == first


@pytest.mark.parametrize("form", FORMS, ids=lambda form: form.slug)
def test_every_note_mark_has_its_note_and_every_note_is_used(form):
    marks = {blank.note for line in form.lines for blank in line.blanks} | {b.note for b in form.party_rows}
    marks |= {form.addressee_note}
    assert marks - {0} == set(range(1, len(form.notes) + 1))


def test_the_paper_names_mapped_to_forms_are_those_of_the_demo_content():
    demo_papers = {paper.name for content in PROCEDURES.values() for paper in content.papers}
    demo_papers |= {paper.name for content in FIELD_CONTENT.values() for paper in content.papers}
    assert set(PAPER_FORMS) <= demo_papers
    assert set(PAPER_FORMS.values()) <= {*FORMS_BY_SLUG, *BUNDLES}
    assert all(slug in FORMS_BY_SLUG for slugs in BUNDLES.values() for slug in slugs)


def test_the_public_procedure_page_offers_the_form_for_download(demo_catalog):
    paper = RequiredPaper.objects.get(
        version__procedure__national_code="1.001193", version__effective_to=None, sort_order=1
    )
    client = Client()
    page = client.get(reverse("portal:procedure_detail", args=["1.001193"]))
    download = reverse("portal:procedure_form", args=["1.001193", paper.pk])
    assert f'href="{download}"' in page.content.decode()
    response = client.get(download)
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="to-khai-dang-ky-khai-sinh.pdf"'
    assert b"".join(response.streaming_content) == demo_forms.form_pdf("to-khai-dang-ky-khai-sinh")


def test_attaching_the_forms_changes_the_catalog_version(media):
    from reformdesk.catalog.cache import catalog_version
    from reformdesk.catalog.tests.factories import make_procedure, make_version

    version = make_version(make_procedure(), days="3")
    RequiredPaper.objects.create(version=version, name_vi="Tờ khai đăng ký khai tử theo mẫu")
    before = catalog_version()
    assert demo_forms.seed_form_files() == 1
    assert catalog_version() != before
