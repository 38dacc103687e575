"""The sub-case (trường hợp) forms: add, edit (its time limit must still hold its steps) and
delete, each audited; refusals change nothing."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from reformdesk.catalog.models import (
    ProcedureCase,
    RequiredPaper,
)
from reformdesk.catalog.tests.staff_form_helpers import last_audit, refused, rows, step
from reformdesk.catalog.tests.test_staff_support import (
    catalog_fixture,  # noqa: F401 - the `catalog` fixture
    fingerprint,
)

pytestmark = pytest.mark.django_db


def test_add_a_sub_case(personas, catalog, editor):
    response = editor.post(
        reverse("catalog:case_create", args=[catalog.version.pk]),
        {"name_vi": "Khai sinh cho trẻ bị bỏ rơi", "time_limit_days": "2.5"},
    )
    assert response.status_code == 302
    case = ProcedureCase.objects.get(name_vi="Khai sinh cho trẻ bị bỏ rơi")
    assert (case.version, case.time_limit_days, case.sort_order) == (catalog.version, Decimal("2.5"), 2)
    assert (last_audit().action, last_audit().actor) == ("procedure_case.create", personas.district_reform)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("-1", "Đảm bảo giá trị này lớn hơn hoặc bằng với 0 ."),
        ("abc", "Nhập một số."),
        ("1.25", "Hãy chắc chắn rằng không có nhiều hơn 1 chữ số thập phân."),
        ("1000000", "Đảm bảo rằng tối đa không có nhiều hơn 6 số."),
    ],
)
def test_a_sub_case_with_a_bad_time_limit_is_refused(catalog, editor, value, message):
    before = fingerprint()
    response = editor.post(
        reverse("catalog:case_create", args=[catalog.version.pk]),
        {"name_vi": "Trường hợp", "time_limit_days": value},
    )
    assert refused(response, before) == {"time_limit_days": [message]}


def test_edit_a_sub_case(personas, catalog, editor):
    url = reverse("catalog:case_edit", args=[catalog.case.pk])
    form = editor.get(url).context["form"]
    assert (form.initial["name_vi"], form.initial["time_limit_days"]) == (
        "Đăng ký khai sinh quá hạn",
        Decimal("5.0"),
    )
    response = editor.post(
        url,
        {"name_vi": "Đăng ký khai sinh quá hạn", "name_en": "Late registration", "time_limit_days": "4.5"},
    )
    assert response.status_code == 302
    assert response["Location"] == f"/staff/catalog/procedures/1.001193/?version={catalog.version.pk}"
    case = ProcedureCase.objects.get(pk=catalog.case.pk)
    assert (case.name_en, case.time_limit_days, case.sort_order) == ("Late registration", Decimal("4.5"), 1)
    audit = last_audit()
    assert (audit.action, audit.actor, audit.changes) == (
        "procedure_case.update",
        personas.district_reform,
        {"name_en": ["", "Late registration"], "time_limit_days": ["5.0", "4.5"]},
    )
    page = editor.get(response["Location"]).content.decode()
    assert "Đã lưu trường hợp “Đăng ký khai sinh quá hạn”." in page
    assert "thời hạn 4,5 ngày làm việc" in page


def test_a_sub_case_time_limit_below_its_steps_is_refused(catalog, editor):
    steps_url = reverse("catalog:steps_edit", args=[catalog.version.pk]) + f"?case={catalog.case.pk}"
    assert editor.post(steps_url, rows([step("Thẩm định", "4.5")], initial=0)).status_code == 302
    before = fingerprint()
    response = editor.post(
        reverse("catalog:case_edit", args=[catalog.case.pk]),
        {"name_vi": "Đăng ký khai sinh quá hạn", "time_limit_days": "4"},
    )
    assert refused(response, before) == {
        "time_limit_days": [
            "Tổng thời gian các bước (4.5 ngày làm việc) "
            "vượt thời hạn giải quyết theo quy định (4 ngày làm việc)."
        ]
    }
    assert 'id="id_time_limit_days_error"' in response.content.decode()


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        ({"name_vi": "", "time_limit_days": "3"}, {"name_vi": ["Trường này là bắt buộc."]}),
        (
            {"name_vi": "Trường hợp", "time_limit_days": "-1"},
            {"time_limit_days": ["Đảm bảo giá trị này lớn hơn hoặc bằng với 0 ."]},
        ),
        ({"name_vi": "Trường hợp", "time_limit_days": "năm"}, {"time_limit_days": ["Nhập một số."]}),
    ],
)
def test_a_bad_sub_case_edit_is_refused(catalog, editor, data, errors):
    before = fingerprint()
    response = editor.post(reverse("catalog:case_edit", args=[catalog.case.pk]), data)
    assert refused(response, before) == errors


def test_delete_a_sub_case(personas, catalog, editor):
    url = reverse("catalog:case_delete", args=[catalog.case.pk])
    editor.post(
        reverse("catalog:papers_edit", args=[catalog.version.pk]) + f"?case={catalog.case.pk}",
        rows([{"name_vi": "Văn bản cam đoan", "form": "original", "quantity": "1"}], initial=0),
    )
    page = editor.get(url)
    assert page.context["counts"] == {"methods": 0, "papers": 1, "steps": 0}
    assert "1 thành phần hồ sơ" in page.content.decode()
    response = editor.post(url)
    assert response.status_code == 302
    assert response["Location"] == f"/staff/catalog/procedures/1.001193/?version={catalog.version.pk}"
    assert ProcedureCase.objects.filter(pk=catalog.case.pk).count() == 0
    assert RequiredPaper.objects.filter(version=catalog.version).count() == 2  # the version's own
    audit = last_audit()
    assert (audit.action, audit.actor, audit.object_id) == (
        "procedure_case.delete",
        personas.district_reform,
        str(catalog.case.pk),
    )
    page = editor.get(response["Location"]).content.decode()
    assert "Đã xóa trường hợp “Đăng ký khai sinh quá hạn”." in page
    assert 'data-testid="section-case-' not in page


def test_a_sub_case_in_use_is_not_deleted(catalog, editor, monkeypatch):
    from django.db.models import ProtectedError

    def protected(self, *args, **kwargs):
        raise ProtectedError("protected", set())

    monkeypatch.setattr(ProcedureCase, "delete", protected)
    before = fingerprint()
    response = editor.post(reverse("catalog:case_delete", args=[catalog.case.pk]))
    assert response.status_code == 200
    assert fingerprint() == before
    assert "Đã có hồ sơ nộp theo trường hợp này nên không thể xóa trường hợp." in response.content.decode()


@pytest.mark.parametrize("name", ["case_edit", "case_delete"])
def test_an_unknown_sub_case_is_not_found(catalog, editor, name):
    before = fingerprint()
    assert editor.get(reverse(f"catalog:{name}", args=[99999])).status_code == 404
    assert editor.post(reverse(f"catalog:{name}", args=[99999]), {"name_vi": "x"}).status_code == 404
    assert fingerprint() == before
