"""The version form: versions by publishing decision, dates typed day first, overlapping
validity refused with nothing saved."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from reformdesk.catalog.models import (
    ProcedureVersion,
)
from reformdesk.catalog.tests.staff_form_helpers import last_audit, refused, version_data
from reformdesk.catalog.tests.test_staff_support import (
    DECISION,
    catalog_fixture,  # noqa: F401 - the `catalog` fixture
    fingerprint,
)

pytestmark = pytest.mark.django_db


def test_add_an_earlier_version(personas, catalog, editor):
    response = editor.post(reverse("catalog:version_create", args=["1.001193"]), version_data())
    version = ProcedureVersion.objects.get(decision_number="2100/QĐ-UBND")
    assert response.status_code == 302
    assert response["Location"] == f"/staff/catalog/procedures/1.001193/?version={version.pk}"
    assert (version.procedure, version.effective_from, version.effective_to, version.applicant_types) == (
        catalog.procedure,
        dt.date(2019, 7, 1),
        dt.date(2024, 3, 31),
        ["citizen", "foreigner"],
    )
    assert (last_audit().action, last_audit().actor) == ("procedure_version.create", personas.district_reform)
    page = editor.get(response["Location"])
    assert page.context["version"] == version
    assert page.context["current"] == catalog.version


@pytest.mark.parametrize(
    ("overrides", "errors"),
    [
        (
            {"effective_to": "2024-04-01"},
            {"effective_from": [f"Thời gian hiệu lực trùng với phiên bản theo quyết định {DECISION}."]},
        ),
        (
            {"effective_to": None},
            {"effective_from": [f"Thời gian hiệu lực trùng với phiên bản theo quyết định {DECISION}."]},
        ),
        (
            {"effective_from": "2024-05-01", "effective_to": "2024-04-30"},
            {"effective_to": ["Ngày hết hiệu lực phải sau ngày có hiệu lực."]},
        ),
        (
            {"effective_from": "01/13/2024"},
            {"effective_from": ["Ngày không hợp lệ. Ghi ngày theo dạng ngày/tháng/năm, ví dụ 31/01/2026."]},
        ),
        ({"effective_from": ""}, {"effective_from": ["Trường này là bắt buộc."]}),
        ({"decision_number": ""}, {"decision_number": ["Trường này là bắt buộc."]}),
        (
            {"applicant_types": ["citizen", "alien"]},
            {
                "applicant_types": [
                    "Hãy chọn một lựa chọn hợp lệ. alien không phải là một trong các lựa chọn khả thi."
                ]
            },
        ),
    ],
)
def test_a_bad_version_is_refused(catalog, editor, overrides, errors):
    before = fingerprint()
    response = editor.post(reverse("catalog:version_create", args=["1.001193"]), version_data(**overrides))
    assert refused(response, before) == errors


def test_edit_a_version(personas, catalog, editor):
    url = reverse("catalog:version_edit", args=[catalog.version.pk])
    data = version_data(
        decision_number=DECISION,
        decision_date="2024-03-01",
        effective_from="2024-04-01",
        effective_to="2030-12-31",
    )
    response = editor.post(url, data)
    assert response.status_code == 302
    version = ProcedureVersion.objects.get(pk=catalog.version.pk)
    assert version.effective_to == dt.date(2030, 12, 31)
    audit = last_audit()
    assert (audit.action, audit.actor) == ("procedure_version.update", personas.district_reform)
    assert audit.changes["effective_to"] == [None, "2030-12-31"]


def test_editing_a_version_into_another_is_refused(catalog, editor):
    editor.post(reverse("catalog:version_create", args=["1.001193"]), version_data())
    earlier = ProcedureVersion.objects.get(decision_number="2100/QĐ-UBND")
    before = fingerprint()
    response = editor.post(
        reverse("catalog:version_edit", args=[earlier.pk]), version_data(effective_to="2024-06-30")
    )
    assert refused(response, before) == {
        "effective_from": [f"Thời gian hiệu lực trùng với phiên bản theo quyết định {DECISION}."]
    }


def test_dates_are_read_day_first(catalog, editor):
    data = version_data(effective_from="01/07/2019", effective_to="31/03/2024", decision_date="13/06/2019")
    assert editor.post(reverse("catalog:version_create", args=["1.001193"]), data).status_code == 302
    version = ProcedureVersion.objects.get(decision_number="2100/QĐ-UBND")
    assert (version.decision_date, version.effective_from) == (dt.date(2019, 6, 13), dt.date(2019, 7, 1))
