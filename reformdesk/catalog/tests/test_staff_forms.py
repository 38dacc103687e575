"""The catalog's edit forms, used by the district reform officer: each happy path (saved through
the service, audited) and each refusal (a message in Vietnamese beside the input, nothing saved)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from reformdesk.catalog.models import (
    Field,
    FilingMethod,
    Procedure,
    ProcedureCase,
    ProcedureVersion,
    Publication,
    RequiredPaper,
    StepTemplate,
)
from reformdesk.catalog.tests.test_staff_support import (
    DECISION,
    catalog_fixture,  # noqa: F401 - the `catalog` fixture
    client_for,
    fingerprint,
)
from reformdesk.core.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(personas) -> Client:
    return client_for(personas, "district_reform")


def last_audit() -> AuditEvent:
    return AuditEvent.objects.order_by("-id").first()


def refused(response, before) -> dict:
    """The form came back (200, not a 500), with an alert; nothing was saved."""
    assert response.status_code == 200
    assert 'id="form-errors"' in response.content.decode()
    assert fingerprint() == before
    return response.context["form"].errors if "form" in response.context else {}


# --- Procedure ---------------------------------------------------------------------------------------


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


# --- Versions and sub-cases ---------------------------------------------------------------------------


def version_data(**overrides: str) -> dict[str, str]:
    data = {
        "decision_number": "2100/QĐ-UBND",
        "decision_date": "2019-06-01",
        "effective_from": "2019-07-01",
        "effective_to": "2024-03-31",
        "implementing_agency": "UBND xã",
        "applicant_types": ["citizen", "foreigner"],
        "legal_basis": "Luật Hộ tịch 2014",
    }
    return {k: v for k, v in (data | overrides).items() if v is not None}


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
        ({"effective_from": "01/13/2024"}, {"effective_from": ["Nhập một ngày hợp lệ."]}),
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


# --- Channels, papers, steps -------------------------------------------------------------------------


def rows(prefix_rows: list[dict[str, str]], initial: int) -> dict[str, str]:
    data = {"form-TOTAL_FORMS": str(len(prefix_rows)), "form-INITIAL_FORMS": str(initial)}
    for index, row in enumerate(prefix_rows):
        data |= {f"form-{index}-{key}": value for key, value in row.items()}
    return data


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


def test_reorder_remove_and_add_papers_with_a_form_file(personas, catalog, editor, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    url = reverse("catalog:papers_edit", args=[catalog.version.pk])
    upload = SimpleUploadedFile("to-khai-ket-hon.docx", b"PK\x03\x04 form", content_type="application/msword")
    data = rows(
        [
            {"name_vi": "Tờ khai đăng ký khai sinh", "form": "original", "quantity": "1", "ORDER": "2"},
            {"name_vi": "Giấy chứng sinh", "form": "original", "quantity": "1", "ORDER": "3", "DELETE": "on"},
            {
                "name_vi": "Giấy tờ tùy thân của người đi khai",
                "form": "copy_with_original",
                "quantity": "2",
                "is_required": "on",
                "ORDER": "1",
            },
        ],
        initial=2,
    )
    data["form-0-is_required"] = "on"
    data["form-0-form_file"] = upload
    response = editor.post(url, data)
    assert response.status_code == 302
    papers = RequiredPaper.objects.filter(version=catalog.version, case=None)
    assert list(papers.values_list("sort_order", "name_vi", "form", "quantity", "is_required")) == [
        (1, "Giấy tờ tùy thân của người đi khai", "copy_with_original", 2, True),
        (2, "Tờ khai đăng ký khai sinh", "original", 1, True),
    ]
    stored = papers.get(sort_order=2).form_file
    assert stored.name.startswith("catalog/forms/to-khai-ket-hon")
    assert (tmp_path / stored.name).read_bytes() == b"PK\x03\x04 form"
    assert (last_audit().action, last_audit().actor) == ("procedure_version.papers", personas.district_reform)

    # Saving again without a new upload keeps the stored file with its paper.
    formset = editor.get(url).context["formset"]
    again = rows(
        [
            {**{k: str(v) for k, v in form.initial.items() if k != "form_file" and v is not None}}
            for form in formset.forms[:2]
        ],
        initial=2,
    )
    again |= {"form-0-is_required": "on", "form-1-is_required": "on"}
    assert editor.post(url, again).status_code == 302
    assert RequiredPaper.objects.get(version=catalog.version, sort_order=2).form_file.name == stored.name


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile("mau.exe", b"MZ"),
            "Chỉ nhận tệp mẫu dạng pdf, doc, docx, odt, rtf, xls, xlsx, ods.",
        ),
        (
            SimpleUploadedFile("mau.pdf", b"%PDF" + b"0" * (5 * 1024 * 1024)),
            "Tệp mẫu không được lớn hơn 5 MB.",
        ),
    ],
)
def test_a_bad_form_file_is_refused(catalog, editor, upload, message, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    before = fingerprint()
    data = rows([{"name_vi": "Tờ khai", "form": "original", "quantity": "1", "form_file": upload}], initial=0)
    response = editor.post(reverse("catalog:papers_edit", args=[catalog.version.pk]), data)
    refused(response, before)
    assert response.context["formset"].errors[0] == {"form_file": [message]}
    assert list(tmp_path.iterdir()) == []


def test_a_paper_needs_at_least_one_copy(catalog, editor):
    before = fingerprint()
    data = rows([{"name_vi": "Tờ khai", "form": "original", "quantity": "0"}], initial=0)
    response = editor.post(reverse("catalog:papers_edit", args=[catalog.version.pk]), data)
    refused(response, before)
    assert response.context["formset"].errors[0] == {
        "quantity": ["Đảm bảo giá trị này lớn hơn hoặc bằng với 1 ."]
    }


def step(name: str, days: str, **extra: str) -> dict[str, str]:
    return {
        "kind": "assess",
        "name_vi": name,
        "role": "specialist",
        "unit_kind": "commune",
        "working_days": days,
    } | extra


def test_edit_the_steps_in_a_new_order(personas, catalog, editor):
    url = reverse("catalog:steps_edit", args=[catalog.version.pk])
    assert editor.get(url).context["legal_limit"] == Decimal("3.0")
    data = rows(
        [
            step("Tiếp nhận hồ sơ", "0.5", kind="receive", role="one_stop", ORDER="1"),
            step("Thẩm định, ghi sổ hộ tịch", "1.5", ORDER="3"),
            step("Trình Chủ tịch ký", "0.5", kind="sign", role="leader", ORDER="2"),
            step("Trả kết quả", "0.5", kind="return", role="one_stop", ORDER=""),
        ],
        initial=2,
    )
    response = editor.post(url, data)
    assert response.status_code == 302
    steps = StepTemplate.objects.filter(version=catalog.version, case=None)
    assert list(steps.values_list("order", "name_vi", "role", "working_days")) == [
        (1, "Tiếp nhận hồ sơ", "one_stop", Decimal("0.50")),
        (2, "Trình Chủ tịch ký", "leader", Decimal("0.50")),
        (3, "Thẩm định, ghi sổ hộ tịch", "specialist", Decimal("1.50")),
        (4, "Trả kết quả", "one_stop", Decimal("0.50")),
    ]
    assert (last_audit().action, last_audit().actor) == ("procedure_version.steps", personas.district_reform)
    page = editor.get(response["Location"]).content.decode()
    assert "Tổng thời gian các bước: 3 ngày làm việc" in page
    assert "Trong thời hạn" in page


def test_steps_over_the_legal_time_limit_are_refused(catalog, editor):
    before = fingerprint()
    data = rows([step("Tiếp nhận", "1", kind="receive"), step("Thẩm định", "2.5")], initial=2)
    response = editor.post(reverse("catalog:steps_edit", args=[catalog.version.pk]), data)
    refused(response, before)
    assert response.context["formset"].non_form_errors() == [
        "Tổng thời gian các bước (3.5 ngày làm việc) "
        "vượt thời hạn giải quyết theo quy định (3 ngày làm việc)."
    ]


def test_a_sub_case_s_steps_fit_its_own_time_limit(catalog, editor):
    url = reverse("catalog:steps_edit", args=[catalog.version.pk]) + f"?case={catalog.case.pk}"
    assert editor.get(url).context["legal_limit"] == Decimal("5.0")
    assert editor.post(url, rows([step("Thẩm định", "4.5")], initial=0)).status_code == 302
    assert list(StepTemplate.objects.filter(case=catalog.case).values_list("working_days", flat=True)) == [
        Decimal("4.50")
    ]
    before = fingerprint()
    response = editor.post(url, rows([step("Thẩm định", "5.25")], initial=1))
    refused(response, before)
    assert response.context["formset"].non_form_errors() == [
        "Tổng thời gian các bước (5.25 ngày làm việc) "
        "vượt thời hạn giải quyết theo quy định (5 ngày làm việc)."
    ]


@pytest.mark.parametrize(
    ("days", "message"),
    [
        ("-0.5", "Đảm bảo giá trị này lớn hơn hoặc bằng với 0 ."),
        ("một", "Nhập một số."),
        ("0.125", "Hãy chắc chắn rằng không có nhiều hơn 2 chữ số thập phân."),
    ],
)
def test_bad_step_durations_are_refused(catalog, editor, days, message):
    before = fingerprint()
    response = editor.post(
        reverse("catalog:steps_edit", args=[catalog.version.pk]), rows([step("Bước", days)], initial=0)
    )
    refused(response, before)
    assert response.context["formset"].errors[0] == {"working_days": [message]}


def test_add_a_row_saves_nothing_and_keeps_what_was_typed(catalog, editor):
    before = fingerprint()
    data = rows(
        [step("Tiếp nhận hồ sơ (đã sửa)", "0.5", ORDER="1"), step("Thẩm định", "2", ORDER="2")], initial=2
    )
    data["add_row"] = "1"
    response = editor.post(reverse("catalog:steps_edit", args=[catalog.version.pk]), data)
    assert response.status_code == 200
    assert fingerprint() == before
    formset = response.context["formset"]
    assert len(formset.forms) == 3
    assert 'value="Tiếp nhận hồ sơ (đã sửa)"' in response.content.decode()


@pytest.mark.parametrize(
    ("data", "missing"),
    [
        ({"form-0-name_vi": "x"}, "form-TOTAL_FORMS, form-INITIAL_FORMS"),
        ({"form-TOTAL_FORMS": "x", "form-INITIAL_FORMS": "0", "add_row": "1"}, "form-TOTAL_FORMS"),
    ],
)
def test_a_broken_row_count_is_an_error_not_a_crash(catalog, editor, data, missing):
    before = fingerprint()
    response = editor.post(reverse("catalog:steps_edit", args=[catalog.version.pk]), data)
    assert response.status_code == 200
    assert fingerprint() == before
    assert response.context["formset"].non_form_errors() == [
        f"Thiếu thông tin về số dòng của danh sách ({missing}). Hãy tải lại trang và nhập lại."
    ]


def test_fees_may_be_typed_with_thousands_separators(catalog, editor):
    data = rows([{"channel": "1", "time_limit_days": "3", "fee_vnd": "50.000"}], initial=2)
    data |= {"form-1-channel": "2", "form-1-DELETE": "on"}
    response = editor.post(reverse("catalog:filing_methods_edit", args=[catalog.version.pk]), data)
    assert response.status_code == 302
    assert list(FilingMethod.objects.filter(case=None).values_list("channel", "fee_vnd")) == [(1, 50000)]


def test_dates_are_read_day_first(catalog, editor):
    data = version_data(effective_from="01/07/2019", effective_to="31/03/2024", decision_date="13/06/2019")
    assert editor.post(reverse("catalog:version_create", args=["1.001193"]), data).status_code == 302
    version = ProcedureVersion.objects.get(decision_number="2100/QĐ-UBND")
    assert (version.decision_date, version.effective_from) == (dt.date(2019, 6, 13), dt.date(2019, 7, 1))


# --- Publication ---------------------------------------------------------------------------------------


def test_publish_at_a_commune_desk(personas, catalog, tree, editor):
    url = reverse("catalog:publication_add", args=["1.001193"])
    response = editor.post(
        url, {"unit": str(tree.commune_b.pk), "place": "desk", "published_on": "2025-02-03"}
    )
    assert response.status_code == 302
    publication = Publication.objects.get(unit=tree.commune_b)
    assert (publication.procedure, publication.place, publication.published_on, publication.withdrawn_on) == (
        catalog.procedure,
        "desk",
        dt.date(2025, 2, 3),
        None,
    )
    assert (last_audit().action, last_audit().actor) == ("publication.create", personas.district_reform)
    assert "Đã công khai thủ tục tại Xã Tân Hương." in editor.get(response["Location"]).content.decode()


def test_publishing_twice_at_the_same_place_is_refused(catalog, tree, editor):
    before = fingerprint()
    response = editor.post(
        reverse("catalog:publication_add", args=["1.001193"]),
        {"unit": str(tree.commune_a.pk), "place": "desk", "published_on": "2025-02-03"},
    )
    assert refused(response, before) == {
        "__all__": ["Thủ tục này đang được công khai theo hình thức đã chọn tại đơn vị."]
    }


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        (
            {"unit": "province", "place": "desk", "published_on": "2025-02-03"},
            {
                "unit": [
                    "Hãy chọn một lựa chọn hợp lệ. Lựa chọn đó không phải là một trong các lựa chọn khả thi."
                ]
            },
        ),
        (
            {"unit": "commune_b", "place": "noticeboard", "published_on": "2025-02-03"},
            {
                "place": [
                    "Hãy chọn một lựa chọn hợp lệ. noticeboard không phải là một trong các lựa chọn khả thi."
                ]
            },
        ),
        (
            {"unit": "commune_b", "place": "desk", "published_on": "31/02/2025"},
            {"published_on": ["Nhập một ngày hợp lệ."]},
        ),
    ],
)
def test_a_bad_publication_is_refused(catalog, tree, editor, data, errors):
    data = {**data, "unit": str(getattr(tree, data["unit"]).pk)}
    before = fingerprint()
    response = editor.post(reverse("catalog:publication_add", args=["1.001193"]), data)
    assert refused(response, before) == errors


def test_the_publication_form_starts_at_the_current_unit(personas, catalog, tree, editor):
    form = editor.get(reverse("catalog:publication_add", args=["1.001193"])).context["form"]
    assert form.fields["unit"].initial == tree.district.pk
    assert form.fields["published_on"].initial == timezone.localdate()


def test_withdraw_a_publication(personas, catalog, editor):
    url = reverse("catalog:publication_withdraw", args=[catalog.publication.pk])
    response = editor.post(url, {"withdrawn_on": "2025-03-01"})
    assert response.status_code == 302
    catalog.publication.refresh_from_db()
    assert catalog.publication.withdrawn_on == dt.date(2025, 3, 1)
    audit = last_audit()
    assert (audit.action, audit.actor, audit.changes) == (
        "publication.withdraw",
        personas.district_reform,
        {"withdrawn_on": [None, "2025-03-01"]},
    )
    # A withdrawn publication cannot be withdrawn again: back to the procedure, nothing changes.
    before = fingerprint()
    again = editor.post(url, {"withdrawn_on": "2025-04-01"})
    assert again.status_code == 302
    assert fingerprint() == before


def test_withdrawing_before_the_publication_date_is_refused(catalog, editor):
    before = fingerprint()
    response = editor.post(
        reverse("catalog:publication_withdraw", args=[catalog.publication.pk]), {"withdrawn_on": "2024-03-31"}
    )
    assert refused(response, before) == {"__all__": ["Ngày gỡ bỏ phải sau ngày công khai."]}


# --- Fields ----------------------------------------------------------------------------------------------


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


# --- CSRF ----------------------------------------------------------------------------------------------


def test_a_post_without_the_csrf_token_is_refused(personas, catalog, tree):
    from reformdesk.core.tests.helpers import sign_in

    client = sign_in(Client(enforce_csrf_checks=True), personas.district_reform)
    before = fingerprint()
    response = client.post(
        reverse("catalog:publication_add", args=["1.001193"]),
        {"unit": str(tree.commune_b.pk), "place": "desk", "published_on": "2025-02-03"},
    )
    assert response.status_code == 403
    assert fingerprint() == before


# --- Odd input -----------------------------------------------------------------------------------------

HUGE = "99999999999999999999"


@pytest.mark.parametrize(
    ("name", "query", "data"),
    [
        ("publication_add", "", {"unit": HUGE, "place": "desk", "published_on": "2025-02-03"}),
        ("publication_add", "", {"unit": "-1", "place": "desk", "published_on": "99999-01-01"}),
        ("filing_methods_edit", f"?case={HUGE}", {}),
        ("steps_edit", "", rows([step("Bước", "1e10")], initial=0)),
        ("steps_edit", "", rows([step("Bước", "NaN")], initial=0)),
        ("filing_methods_edit", "", rows([{"channel": "1", "fee_vnd": HUGE}], initial=0)),
        ("filing_methods_edit", "", {"form-TOTAL_FORMS": HUGE, "form-INITIAL_FORMS": "0", "add_row": "1"}),
        ("papers_edit", "", rows([{"name_vi": "x" * 5000, "form": "original", "quantity": HUGE}], initial=0)),
        ("case_create", "", {"name_vi": "x" * 600, "time_limit_days": "Infinity"}),
        ("field_edit", "", {"name_vi": "", "sort_order": HUGE}),
    ],
)
def test_odd_input_is_answered_without_saving(catalog, editor, name, query, data):
    args = {
        "publication_add": ["1.001193"],
        "field_edit": [catalog.field.pk],
    }.get(name, [catalog.version.pk])
    before = fingerprint()
    response = editor.post(reverse(f"catalog:{name}", args=args) + query, data)
    assert response.status_code in (200, 404)
    assert fingerprint() == before


@pytest.mark.parametrize(
    "query",
    ["?sort=bogus", "?sort=search_text", "?page=abc", "?page=999", f"?field={HUGE}", "?q=" + "%" * 300],
)
def test_odd_list_queries_are_answered(personas, catalog, query):
    response = client_for(personas, "one_stop_a").get(reverse("catalog:procedure_list") + query)
    assert response.status_code in (200, 404)
