"""The paper and step rows of a version or sub-case: order, form files, steps within the legal
time limit, and the row list's own controls (add a row, a broken row count)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reformdesk.catalog.models import (
    RequiredPaper,
    StepTemplate,
)
from reformdesk.catalog.tests.staff_form_helpers import last_audit, refused, rows, step
from reformdesk.catalog.tests.test_staff_support import (
    catalog_fixture,  # noqa: F401 - the `catalog` fixture
    fingerprint,
)

pytestmark = pytest.mark.django_db


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
