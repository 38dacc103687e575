"""Online filing as a citizen meets it: found from the home page, the unit and procedure pages;
every error shown at once with what was typed and uploaded kept; a rate limit that counts only
submissions; and a confirmation that says what happens next."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from reformdesk.catalog.choices import OnlineLevel
from reformdesk.dossiers.models import Dossier, DossierFile
from reformdesk.portal import staging
from reformdesk.portal.tests.test_dossier_pages import PDF, filing, png
from reformdesk.portal.views import dossiers as filing_views

pytestmark = pytest.mark.django_db

URL = "/nop-ho-so/1.001193/"


@pytest.fixture
def online(desk, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    desk.procedure.online_level = OnlineLevel.PARTIAL
    desk.procedure.save(update_fields=["online_level"])
    return desk


def test_the_procedure_page_leads_to_online_filing_when_the_procedure_is_filed_online(online):
    page = Client().get("/procedures/1.001193/").content.decode()
    assert 'data-testid="online-filing"' in page
    assert f'href="{URL}"' in page
    assert 'data-testid="no-online-filing"' not in page


def test_a_procedure_without_an_online_channel_says_where_to_file_instead(desk):
    page = Client().get("/procedures/1.001193/").content.decode()
    assert 'data-testid="online-filing"' not in page
    assert "Thủ tục này chưa nhận hồ sơ trực tuyến." in page
    assert 'Hãy nộp trực tiếp tại Bộ phận Một cửa nêu ở mục <a href="#where-title">' in page
    assert URL not in page


def test_the_home_and_unit_pages_lead_to_the_procedures_filed_online(online, tree):
    home = Client().get("/").content.decode()
    assert 'data-testid="home-online-filing" href="/procedures/?online=any"' in home
    unit = Client().get(f"/units/{tree.commune_a.code}/").content.decode()
    assert f'href="/procedures/?unit={tree.commune_a.code}&amp;online=any"' in unit
    results = Client().get("/procedures/", {"online": "any", "unit": tree.commune_a.code}).content.decode()
    assert "/procedures/1.001193/" in results


def test_the_search_for_online_filing_leaves_out_procedures_offered_only_at_the_desk(desk, tree):
    results = Client().get("/procedures/", {"online": "any"}).content.decode()
    assert "/procedures/1.001193/" not in results
    assert "Tìm thấy 0 thủ tục" in results


def error_summary(page: str) -> list[str]:
    summary = re.search(r'<div class="alert alert-danger error-summary"[^>]*>(.*?)</div>', page, re.S)
    assert summary is not None, "no error summary"
    return re.findall(r'<a href="(#[^"]+)">', summary.group(1))


def test_missing_required_papers_are_all_refused_at_once_beside_each_paper(online, tree):
    form_paper, birth_paper, _optional = online.papers
    data = filing(tree, online, name="", consent="")
    del data[f"paper_{form_paper.pk}"], data[f"paper_{birth_paper.pk}"]
    response = Client().post(URL, data)
    page = response.content.decode()
    assert response.status_code == 400
    # One summary at the top, linked to every field in error.
    assert error_summary(page) == [
        "#id_name",
        f"#id_paper_{form_paper.pk}",
        f"#id_paper_{birth_paper.pk}",
        "#id_consent",
    ]
    assert "Có 4 mục cần sửa" in page
    assert page.count("Chưa đính kèm giấy tờ bắt buộc này.") == 2 * 2  # in the summary and beside it
    assert f'id="id_paper_{form_paper.pk}_error"' in page
    # What was typed is kept.
    assert 'value="040195004321"' in page
    assert Dossier.objects.count() == 0


def test_files_that_passed_are_kept_for_the_next_attempt_and_go_into_the_dossier(online, tree):
    form_paper, birth_paper, _optional = online.papers
    client = Client()
    first = filing(tree, online, phone="12345")
    del first[f"paper_{birth_paper.pk}"]
    response = client.post(URL, first)
    page = response.content.decode()
    assert response.status_code == 400
    assert "Đã đính kèm: to-khai.pdf" in page
    assert Dossier.objects.count() == 0

    # The second attempt sends only the missing paper; the kept one is not chosen again.
    second = filing(tree, online)
    del second[f"paper_{form_paper.pk}"]
    response = client.post(URL, second)
    assert response.status_code == 302, response.content.decode()[:3000]
    dossier = Dossier.objects.get()
    files = dict(DossierFile.objects.values_list("original_name", "paper__required_paper_id"))
    assert files == {"to-khai.pdf": form_paper.pk, "chung-sinh.png": birth_paper.pk}
    assert DossierFile.objects.get(original_name="to-khai.pdf").file.read() == PDF
    assert dossier.applicant_phone == "0987654321"
    assert staging.staged_files(client.session, first["client_token"]) == []


def test_a_kept_file_can_be_taken_off(online, tree):
    form_paper, birth_paper, _optional = online.papers
    client = Client()
    first = filing(tree, online, consent="")
    response = client.post(URL, first)
    assert response.status_code == 400
    kept = staging.staged_files(client.session, first["client_token"])
    assert sorted(f.name for f in kept) == ["chung-sinh.png", "to-khai.pdf"]
    to_remove = next(f.key for f in kept if f.paper_id == form_paper.pk)

    second = filing(tree, online, remove=to_remove)
    del second[f"paper_{form_paper.pk}"], second[f"paper_{birth_paper.pk}"]
    page = client.post(URL, second).content.decode()
    assert f"#id_paper_{form_paper.pk}" in error_summary(page)
    assert "Đã đính kèm: to-khai.pdf" not in page
    assert "Đã đính kèm: chung-sinh.png" in page
    assert Dossier.objects.count() == 0


def test_opening_the_form_does_not_count_toward_the_limit_and_a_refused_submission_keeps_the_data(
    online, tree, monkeypatch
):
    monkeypatch.setattr(filing_views, "FILINGS_PER_WINDOW", 2)
    client = Client()
    for _ in range(5):
        assert client.get(URL).status_code == 200
    for _ in range(2):
        assert client.post(URL, filing(tree, online, consent="")).status_code == 400
    response = client.post(URL, filing(tree, online, name="Đỗ Thị Mận"))
    page = response.content.decode()
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= filing_views.FILING_WINDOW_SECONDS
    assert 'data-testid="rate-limited"' in page
    assert re.search(r"lại sau \d+ phút", page)
    assert 'value="Đỗ Thị Mận"' in page
    assert "error-summary" not in page
    assert Dossier.objects.count() == 0


def test_the_confirmation_says_what_happens_next_and_offers_printing(online, tree):
    client = Client()
    response = client.post(URL, filing(tree, online))
    page = client.get(response["Location"]).content.decode()
    dossier = Dossier.objects.get()
    assert f'data-testid="filed-code">{dossier.code}<' in page
    assert f'data-testid="filed-secret">{dossier.secret}<' in page
    assert "Bộ phận Một cửa của Xã Phú Sơn kiểm tra hồ sơ trong giờ hành chính." in page
    assert "Thời hạn giải quyết: 3 ngày làm việc, tính từ khi hồ sơ được tiếp nhận." in page
    assert "Kết quả được trả tại Bộ phận Một cửa của Xã Phú Sơn." in page
    assert "In hoặc lưu thành PDF" in page


def test_a_second_image_for_a_paper_is_kept_too(online, tree):
    """Several files for one paper (a two-sided document): all are kept on an error."""
    form_paper, _birth, _optional = online.papers
    client = Client()
    data = filing(tree, online, consent="")
    data[f"paper_{form_paper.pk}"] = [
        SimpleUploadedFile("mat-truoc.png", png(), "image/png"),
        SimpleUploadedFile("mat-sau.png", png(), "image/png"),
    ]
    client.post(URL, data)
    kept = staging.staged_files(client.session, data["client_token"])
    assert sorted(f.name for f in kept if f.paper_id == form_paper.pk) == ["mat-sau.png", "mat-truoc.png"]
