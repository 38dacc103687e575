"""The channel rows of a version or sub-case: time limit and fee per filing channel."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from reformdesk.catalog.models import (
    FilingMethod,
)
from reformdesk.catalog.tests.staff_form_helpers import last_audit, refused, rows
from reformdesk.catalog.tests.test_staff_support import (
    catalog_fixture,  # noqa: F401 - the `catalog` fixture
    fingerprint,
)

pytestmark = pytest.mark.django_db


def test_the_channel_form_lists_the_current_channels(catalog, editor):
    formset = editor.get(reverse("catalog:filing_methods_edit", args=[catalog.version.pk])).context["formset"]
    assert [form.initial["channel"] for form in formset.forms[:2]] == [1, 2]
    assert len(formset.forms) == 3  # and one blank row to add


def test_edit_the_channels(personas, catalog, editor):
    url = reverse("catalog:filing_methods_edit", args=[catalog.version.pk])
    data = rows(
        [
            {"channel": "1", "time_limit_days": "2", "fee_vnd": "8000", "fee_unit": "bản"},
            {"channel": "2", "time_limit_days": "3", "DELETE": "on"},
            {"channel": "3", "time_limit_days": "4", "fee_text": "Theo giá cước bưu chính"},
        ],
        initial=2,
    )
    response = editor.post(url, data)
    assert response.status_code == 302
    assert response["Location"] == f"/staff/catalog/procedures/1.001193/?version={catalog.version.pk}"
    saved = FilingMethod.objects.filter(version=catalog.version, case=None)
    assert list(saved.values_list("channel", "time_limit_days", "fee_vnd", "fee_unit", "fee_text")) == [
        (1, Decimal("2.0"), 8000, "bản", ""),
        (3, Decimal("4.0"), None, "", "Theo giá cước bưu chính"),
    ]
    audit = last_audit()
    assert (audit.action, audit.actor) == ("procedure_version.filing_methods", personas.district_reform)


def test_a_duplicate_channel_is_refused(catalog, editor):
    before = fingerprint()
    data = rows(
        [{"channel": "1", "time_limit_days": "3"}, {"channel": "1", "time_limit_days": "5"}], initial=2
    )
    response = editor.post(reverse("catalog:filing_methods_edit", args=[catalog.version.pk]), data)
    refused(response, before)
    assert response.context["formset"].non_form_errors() == ["Mỗi cách thức nộp chỉ được khai một lần."]


@pytest.mark.parametrize(
    ("row", "errors"),
    [
        ({"channel": "1", "time_limit_days": "ba"}, {"time_limit_days": ["Nhập một số."]}),
        (
            {"channel": "1", "fee_vnd": "-5000"},
            {"fee_vnd": ["Đảm bảo giá trị này lớn hơn hoặc bằng với 0 ."]},
        ),
        (
            {"channel": "1", "fee_vnd": "50.5"},
            {"fee_vnd": ["Nhập số tiền là số nguyên, ví dụ 50000 hoặc 50.000."]},
        ),
        (
            {"channel": "7"},
            {"channel": ["Hãy chọn một lựa chọn hợp lệ. 7 không phải là một trong các lựa chọn khả thi."]},
        ),
    ],
)
def test_bad_numbers_in_a_channel_are_refused(catalog, editor, row, errors):
    before = fingerprint()
    response = editor.post(
        reverse("catalog:filing_methods_edit", args=[catalog.version.pk]), rows([row], initial=2)
    )
    refused(response, before)
    assert response.context["formset"].errors[0] == errors


def test_fees_may_be_typed_with_thousands_separators(catalog, editor):
    data = rows([{"channel": "1", "time_limit_days": "3", "fee_vnd": "50.000"}], initial=2)
    data |= {"form-1-channel": "2", "form-1-DELETE": "on"}
    response = editor.post(reverse("catalog:filing_methods_edit", args=[catalog.version.pk]), data)
    assert response.status_code == 302
    assert list(FilingMethod.objects.filter(case=None).values_list("channel", "fee_vnd")) == [(1, 50000)]


def test_a_sub_case_has_its_own_channels(catalog, editor):
    url = reverse("catalog:filing_methods_edit", args=[catalog.version.pk]) + f"?case={catalog.case.pk}"
    response = editor.post(url, rows([{"channel": "1", "time_limit_days": "5"}], initial=0))
    assert response.status_code == 302
    assert list(FilingMethod.objects.filter(case=catalog.case).values_list("channel", "time_limit_days")) == [
        (1, Decimal("5.0"))
    ]
    assert FilingMethod.objects.filter(version=catalog.version, case=None).count() == 2


def test_a_sub_case_of_another_version_is_not_found(catalog, editor):
    url = reverse("catalog:filing_methods_edit", args=[catalog.version.pk])
    assert editor.get(url + "?case=99999").status_code == 404
    assert editor.get(url + "?case=abc").status_code == 404
