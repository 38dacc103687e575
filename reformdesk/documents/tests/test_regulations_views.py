"""The regulation and commitment pages: entering, publishing and acknowledging through the forms,
the status page, the printable commitment, the portal's section, who may see what, and the
query counts of the list pages."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reformdesk.core.tests.helpers import sign_in
from reformdesk.documents.choices_regulations import CommitmentKind
from reformdesk.documents.models import (
    Commitment,
    CommitmentBreach,
    RegulationAcknowledgement,
    RegulationVersion,
)
from reformdesk.documents.services.commitments import commitment_sign
from reformdesk.documents.services.regulations import regulation_acknowledge
from reformdesk.documents.tests.factories import pdf_upload
from reformdesk.documents.tests.factories_regulations import make_template, make_version
from reformdesk.org.tests.factories import make_official

pytestmark = pytest.mark.django_db


@pytest.fixture
def chair(personas) -> Client:
    return sign_in(Client(), personas.chair_a)


@pytest.fixture
def officer(personas) -> Client:
    return sign_in(Client(), personas.one_stop_a)


def test_the_chair_enters_and_publishes_a_version(chair, tree):
    page = chair.get(reverse("documents:regulation_new"))
    assert page.status_code == 200
    response = chair.post(
        reverse("documents:regulation_new"),
        {
            "kind": "office_culture",
            "title": "Quy chế văn hóa công sở",
            "effective_on": "01/02/2026",
            "decision_symbol": "07/QĐ-UBND",
            "body": "Điều 1. Trang phục, thẻ công chức.",
            "pdf": pdf_upload("vhcs.pdf"),
            "is_public": "on",
        },
    )
    version = RegulationVersion.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("documents:regulation_detail", args=[version.pk])
    assert (version.title, version.is_public, version.pdf_name) == (
        "Quy chế văn hóa công sở",
        True,
        "vhcs.pdf",
    )
    chair.post(reverse("documents:regulation_publish", args=[version.pk]))
    version.refresh_from_db()
    assert version.is_published
    pdf = chair.get(reverse("documents:regulation_pdf", args=[version.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"


def test_a_version_before_the_one_it_replaces_is_refused_on_the_form(chair, tree, personas):
    old = make_version(actor=personas.chair_a, unit=tree.commune_a)
    response = chair.post(
        reverse("documents:regulation_new"),
        {
            "kind": "working_rules",
            "title": "Quy chế làm việc (sửa đổi)",
            "effective_on": "15/12/2025",
            "replaces": old.pk,
        },
    )
    assert response.status_code == 400
    assert "Phiên bản mới không thể có hiệu lực trước phiên bản nó thay thế" in response.content.decode()
    assert RegulationVersion.objects.count() == 1


def test_a_bad_upload_is_refused_and_nothing_saved(chair):
    response = chair.post(
        reverse("documents:regulation_new"),
        {
            "kind": "working_rules",
            "title": "Quy chế",
            "effective_on": "01/02/2026",
            "pdf": pdf_upload("x.pdf", b"not a pdf at all"),
        },
    )
    assert response.status_code == 400
    assert RegulationVersion.objects.count() == 0


def test_an_official_cannot_enter_regulations(officer):
    assert officer.get(reverse("documents:regulation_new")).status_code == 403
    assert RegulationVersion.objects.count() == 0


def test_the_official_acknowledges_from_the_list(officer, tree, personas):
    version = make_version(actor=personas.chair_a, unit=tree.commune_a)
    listing = officer.get(reverse("documents:regulations")).content.decode()
    assert 'data-testid="regulations-pending"' in listing
    detail = officer.get(reverse("documents:regulation_detail", args=[version.pk])).content.decode()
    assert 'data-testid="acknowledge-form"' in detail
    assert 'data-testid="acknowledgers"' not in detail
    officer.post(reverse("documents:regulation_acknowledge", args=[version.pk]))
    assert RegulationAcknowledgement.objects.filter(version=version).count() == 1
    again = officer.post(reverse("documents:regulation_acknowledge", args=[version.pk]), follow=True)
    assert "Bạn đã xác nhận đã đọc phiên bản này." in again.content.decode()
    assert RegulationAcknowledgement.objects.count() == 1


def test_the_leader_sees_who_is_missing(chair, tree, personas):
    version = make_version(actor=personas.chair_a, unit=tree.commune_a)
    content = chair.get(reverse("documents:regulation_detail", args=[version.pk])).content.decode()
    assert "còn thiếu 2/2" in content and "Nguyễn Thị Hoa" in content


def test_another_commune_does_not_see_the_version_nor_a_draft_by_officials(tree, personas):
    version = make_version(actor=personas.chair_a, unit=tree.commune_a)
    draft = make_version(actor=personas.chair_a, unit=tree.commune_a, publish=False, title="Dự thảo")
    other = sign_in(Client(), personas.specialist_b)
    assert other.get(reverse("documents:regulation_detail", args=[version.pk])).status_code == 404
    assert other.post(reverse("documents:regulation_acknowledge", args=[version.pk])).status_code == 404
    officer = sign_in(Client(), personas.one_stop_a)
    assert officer.get(reverse("documents:regulation_detail", args=[draft.pk])).status_code == 404
    assert RegulationAcknowledgement.objects.count() == 0


def test_the_list_costs_the_same_queries_for_one_version_or_many(
    chair, tree, personas, django_assert_num_queries
):
    make_version(actor=personas.chair_a, unit=tree.commune_a)
    url = reverse("documents:regulations")
    with CaptureQueriesContext(connection) as one:
        assert chair.get(url).status_code == 200
    for n in range(5):
        make_version(actor=personas.chair_a, unit=tree.commune_a, title=f"Quy chế số {n}")
    with django_assert_num_queries(len(one.captured_queries)):
        chair.get(url)


def test_who_is_missing_costs_the_same_queries_for_few_or_many_officials(
    chair, tree, personas, django_assert_num_queries
):
    version = make_version(actor=personas.chair_a, unit=tree.commune_a)
    url = reverse("documents:regulation_detail", args=[version.pk])
    with CaptureQueriesContext(connection) as one:
        assert chair.get(url).status_code == 200
    for n in range(5):
        official = make_official(unit=tree.commune_a, full_name=f"Cán bộ {n}", username=f"canbo{n}")
        regulation_acknowledge(actor=official.user, version=version)
    with django_assert_num_queries(len(one.captured_queries)):
        chair.get(url)


def test_the_status_page_costs_the_same_queries_for_few_or_many_officials(
    chair, tree, personas, django_assert_num_queries
):
    template = make_template(actor=personas.district_reform, unit=tree.district)
    commitment_sign(actor=personas.one_stop_a, template=template)
    url = reverse("documents:commitment_status")
    with CaptureQueriesContext(connection) as one:
        assert chair.get(url, {"year": 2026}).status_code == 200
    for n in range(5):
        official = make_official(unit=tree.commune_a, full_name=f"Cán bộ {n}", username=f"canbo{n}")
        commitment_sign(actor=official.user, template=template)
    with django_assert_num_queries(len(one.captured_queries)):
        chair.get(url, {"year": 2026})


def test_public_versions_show_on_the_portals_unit_page(tree, personas):
    version = make_version(
        actor=personas.chair_a,
        unit=tree.commune_a,
        title="Nội quy tiếp công dân",
        is_public=True,
        effective_on=dt.date(2025, 7, 1),
    )
    make_version(actor=personas.chair_a, unit=tree.commune_a, title="Quy chế chi tiêu nội bộ")
    page = Client().get(reverse("portal:unit_detail", args=[tree.commune_a.code])).content.decode()
    assert "Nội quy tiếp công dân" in page and "Quy chế chi tiêu nội bộ" not in page
    public = Client().get(reverse("documents:public_regulation", args=[version.pk]))
    assert public.status_code == 200
    hidden = RegulationVersion.objects.get(title="Quy chế chi tiêu nội bộ")
    assert Client().get(reverse("documents:public_regulation", args=[hidden.pk])).status_code == 404


def test_signing_from_the_commitments_page_and_the_status(officer, chair, tree, personas):
    template = make_template(actor=personas.district_reform, unit=tree.district)
    unit_template = make_template(
        actor=personas.district_reform, unit=tree.district, kind=CommitmentKind.UNIT
    )
    page = officer.get(reverse("documents:commitments"), {"year": 2026}).content.decode()
    assert "Tôi cam kết và ký" in page and "commitment-status-link" not in page
    officer.post(reverse("documents:commitment_sign", args=[template.pk]))
    twice = officer.post(reverse("documents:commitment_sign", args=[template.pk]), follow=True)
    assert "không ký lại lần thứ hai" in twice.content.decode()
    assert Commitment.objects.count() == 1
    # An official cannot sign the unit's commitment.
    officer.post(reverse("documents:commitment_sign", args=[unit_template.pk]), {"unit": tree.commune_a.pk})
    assert Commitment.objects.count() == 1
    chair.post(reverse("documents:commitment_sign", args=[unit_template.pk]), {"unit": tree.commune_a.pk})
    assert Commitment.objects.filter(official__isnull=True).count() == 1
    status = chair.get(reverse("documents:commitment_status"), {"year": 2026}).content.decode()
    assert "Cán bộ, công chức đã ký: 1/2" in status and "Đã ký: Đinh Xuân Công" in status
    assert officer.get(reverse("documents:commitment_status"), {"year": 2026}).status_code == 404


def test_the_printed_commitment_is_a_pdf(officer, tree, personas):
    template = make_template(actor=personas.district_reform, unit=tree.district)
    commitment = commitment_sign(actor=personas.one_stop_a, template=template)
    response = officer.get(reverse("documents:commitment_pdf", args=[commitment.pk]))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF-")
    if os.environ.get("REFORMDESK_PDF_DIR"):
        Path(os.environ["REFORMDESK_PDF_DIR"], "cam-ket.pdf").write_bytes(response.content)
    pdftotext = shutil.which("pdftotext")
    if pdftotext:
        text = " ".join(
            subprocess.run(  # noqa: S603 - a fixed command on bytes we rendered
                [pdftotext, "-enc", "UTF-8", "-", "-"],
                input=response.content,
                capture_output=True,
                check=True,
            )
            .stdout.decode()
            .split()
        )
        assert "Họ và tên: Nguyễn Thị Hoa" in text
        assert "Đeo thẻ công chức trong giờ làm việc." in text
        assert "NGƯỜI CAM KẾT" in text
    other = sign_in(Client(), personas.specialist_b)
    assert other.get(reverse("documents:commitment_pdf", args=[commitment.pk])).status_code == 404


def test_an_inspector_records_a_breach_on_the_page(tree, personas):
    template = make_template(actor=personas.district_reform, unit=tree.district)
    commitment = commitment_sign(actor=personas.one_stop_a, template=template)
    inspector = sign_in(Client(), personas.inspector)
    url = reverse("documents:commitment_breach", args=[commitment.pk])
    bad = inspector.post(
        url, {"item": template.items.first().pk, "occurred_on": "10/03/2026", "description": ""}
    )
    assert bad.status_code == 400
    assert CommitmentBreach.objects.count() == 0
    inspector.post(
        url,
        {
            "item": template.items.get(number=2).pk,
            "occurred_on": "10/03/2026",
            "description": "Không đeo thẻ công chức",
            "source": "Biên bản kiểm tra 12/BB",
        },
    )
    assert CommitmentBreach.objects.get().item.number == 2
    officer = sign_in(Client(), personas.one_stop_a)
    page = officer.get(reverse("documents:commitment_detail", args=[commitment.pk])).content.decode()
    assert "Không đeo thẻ công chức" in page and 'data-testid="breach-form"' not in page


def test_the_staff_home_links_the_pages(officer):
    home = officer.get(reverse("core:staff_home")).content.decode()
    assert reverse("documents:regulations") in home and reverse("documents:commitments") in home
