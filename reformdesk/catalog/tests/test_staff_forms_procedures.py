"""The procedure and field forms of the catalog's staff pages: each happy path (saved through
the service, audited) and each refusal (a message in Vietnamese beside the input, nothing saved)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from reformdesk.catalog.models import (
    Field,
    Procedure,
)
from reformdesk.catalog.tests.staff_form_helpers import last_audit, refused
from reformdesk.catalog.tests.test_staff_support import (
    catalog_fixture,  # noqa: F401 - the `catalog` fixture
    fingerprint,
)

pytestmark = pytest.mark.django_db


def procedure_data(catalog, **overrides: str) -> dict[str, str]:
    data = {
        "national_code": "1.000894",
        "local_code": "1.000894.000.00.00.H41",
        "name_vi": "Thủ tục đăng ký kết hôn",
        "name_en": "Marriage registration",
        "field": str(catalog.field.pk),
        "at_commune": "on",
        "online_level": "full",
        "legacy_online_level": "3",
        "is_active": "on",
    }
    return {k: v for k, v in (data | overrides).items() if v is not None}


def test_create_a_procedure(personas, catalog, editor):
    response = editor.post(reverse("catalog:procedure_create"), procedure_data(catalog))
    assert response.status_code == 302
    assert response["Location"] == "/staff/catalog/procedures/1.000894/"
    procedure = Procedure.objects.get(national_code="1.000894")
    assert (procedure.name_vi, procedure.levels, procedure.online_level, procedure.legacy_online_level) == (
        "Thủ tục đăng ký kết hôn",
        ["commune"],
        "full",
        3,
    )
    assert procedure.search_text == (
        "thu tuc dang ky ket hon marriage registration 1.000894 1.000894.000.00.00.h41 ho tich"
    )
    audit = last_audit()
    assert (audit.action, audit.actor, audit.object_id) == (
        "procedure.create",
        personas.district_reform,
        str(procedure.pk),
    )
    page = editor.get(response["Location"]).content.decode()
    assert "Đã thêm thủ tục 1.000894." in page


@pytest.mark.parametrize(
    ("overrides", "errors"),
    [
        ({"at_commune": None}, {"__all__": ["Thủ tục phải thuộc ít nhất một cấp thực hiện."]}),
        ({"national_code": "1001612"}, {"national_code": ["Mã thủ tục quốc gia có dạng 1.001612."]}),
        (
            {"national_code": "1.001193"},
            {"national_code": ["Thủ tục hành chính có Mã thủ tục đã tồn tại."]},
        ),
        (
            {"local_code": "1.001612.H41"},
            {"local_code": ["Mã thủ tục địa phương có dạng 1.001612.000.00.00.H41."]},
        ),
        ({"name_vi": ""}, {"name_vi": ["Trường này là bắt buộc."]}),
        (
            {"online_level": "level9"},
            {
                "online_level": [
                    "Hãy chọn một lựa chọn hợp lệ. level9 không phải là một trong các lựa chọn khả thi."
                ]
            },
        ),
        (
            {"field": "99999"},
            {
                "field": [
                    "Hãy chọn một lựa chọn hợp lệ. Lựa chọn đó không phải là một trong các lựa chọn khả thi."
                ]
            },
        ),
    ],
)
def test_a_bad_procedure_is_refused(catalog, editor, overrides, errors):
    before = fingerprint()
    response = editor.post(reverse("catalog:procedure_create"), procedure_data(catalog, **overrides))
    assert refused(response, before) == errors


def test_edit_a_procedure(personas, catalog, editor):
    url = reverse("catalog:procedure_edit", args=["1.001193"])
    form = editor.get(url).context["form"]
    assert "national_code" not in form.fields
    data = procedure_data(catalog, name_vi="Thủ tục đăng ký khai sinh lưu động", national_code="1.999999")
    response = editor.post(url, data)
    assert response.status_code == 302
    procedure = Procedure.objects.get(pk=catalog.procedure.pk)
    assert (procedure.national_code, procedure.name_vi, procedure.online_level) == (
        "1.001193",
        "Thủ tục đăng ký khai sinh lưu động",
        "full",
    )
    assert "dang ky khai sinh luu dong" in procedure.search_text
    audit = last_audit()
    assert audit.action == "procedure.update"
    assert audit.changes["name_vi"] == ["Thủ tục đăng ký khai sinh", "Thủ tục đăng ký khai sinh lưu động"]
    assert audit.actor == personas.district_reform


def test_editing_a_procedure_without_levels_is_refused(catalog, editor):
    before = fingerprint()
    data = procedure_data(catalog, at_commune=None)
    response = editor.post(reverse("catalog:procedure_edit", args=["1.001193"]), data)
    assert refused(response, before) == {"__all__": ["Thủ tục phải thuộc ít nhất một cấp thực hiện."]}


def test_create_and_edit_a_field(personas, catalog, editor):
    response = editor.post(
        reverse("catalog:field_create"),
        {"code": "CT", "name_vi": "Chứng thực", "name_en": "Certification", "sort_order": "2"},
    )
    assert response.status_code == 302
    field = Field.objects.get(code="CT")
    assert (field.name_vi, field.name_en, field.sort_order) == ("Chứng thực", "Certification", 2)
    assert (last_audit().action, last_audit().actor) == ("field.create", personas.district_reform)

    response = editor.post(
        reverse("catalog:field_edit", args=[field.pk]),
        {"code": "XX", "name_vi": "Chứng thực bản sao", "name_en": "", "sort_order": "3"},
    )
    assert response.status_code == 302
    field.refresh_from_db()
    assert (field.code, field.name_vi, field.name_en, field.sort_order) == ("CT", "Chứng thực bản sao", "", 3)
    audit = last_audit()
    assert (audit.action, audit.changes) == (
        "field.update",
        {
            "name_vi": ["Chứng thực", "Chứng thực bản sao"],
            "name_en": ["Certification", ""],
            "sort_order": [2, 3],
        },
    )


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        (
            {"code": "HT", "name_vi": "Hộ tịch 2", "sort_order": "0"},
            {"code": ["Lĩnh vực có Mã lĩnh vực đã tồn tại."]},
        ),
        ({"code": "", "name_vi": "Đất đai", "sort_order": "0"}, {"code": ["Trường này là bắt buộc."]}),
        (
            {"code": "DD", "name_vi": "Đất đai", "sort_order": "-1"},
            {"sort_order": ["Đảm bảo giá trị này lớn hơn hoặc bằng với 0 ."]},
        ),
    ],
)
def test_a_bad_field_is_refused(catalog, editor, data, errors):
    before = fingerprint()
    assert refused(editor.post(reverse("catalog:field_create"), data), before) == errors
