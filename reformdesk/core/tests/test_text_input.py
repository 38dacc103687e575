"""Text as it enters: stored in NFC; control characters, bidirectional formatting and values with
nothing visible refused; phone and ID digits read as ASCII. The rules (``core.validators``), the
form machinery (``core.forms``) and the API types (``core.api``), then walks over every form,
admin page and API input of the project that fail for any text escaping them."""

from __future__ import annotations

import typing
import unicodedata
from typing import Annotated, Any

import pytest
from django import forms
from django.contrib import admin
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.test import Client, RequestFactory
from pydantic import BaseModel

from reformdesk.api import api
from reformdesk.core.api import Digits, LongText, SearchText, Text
from reformdesk.core.forms import CodeForm, DigitsField, SearchField, TextInputMixin
from reformdesk.core.tests.test_form_input import project_forms
from reformdesk.core.validators import validate_text

NFD_NAME = unicodedata.normalize("NFD", "Nguyễn Thị Hường")
NFC_NAME = "Nguyễn Thị Hường"


def refusal(value: str, *, multiline: bool = False) -> tuple[str, str]:
    with pytest.raises(ValidationError) as caught:
        validate_text(value, multiline=multiline)
    return caught.value.code, caught.value.messages[0]


# --- the rules -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "code", "message"),
    [
        ("Bình\x00", "control_character", "Nội dung chứa ký tự điều khiển không được phép (U+0000)."),
        ("Bình\x1b[31m", "control_character", "Nội dung chứa ký tự điều khiển không được phép (U+001B)."),
        ("Bình\x7f", "control_character", "Nội dung chứa ký tự điều khiển không được phép (U+007F)."),
        ("Bình\x85", "control_character", "Nội dung chứa ký tự điều khiển không được phép (U+0085)."),
        (
            "Bình\nAn",
            "line_break",
            "Ô này chỉ nhận một dòng: nội dung chứa dấu xuống dòng hoặc dấu tab (U+000A).",
        ),
        (
            "Bình\tAn",
            "line_break",
            "Ô này chỉ nhận một dòng: nội dung chứa dấu xuống dòng hoặc dấu tab (U+0009).",
        ),
        (
            "Nguyễn \u202eVăn",
            "bidi_control",
            "Nội dung chứa ký tự đảo hướng chữ không được phép (U+202E).",
        ),
        ("\u2066Bình\u2069", "bidi_control", "Nội dung chứa ký tự đảo hướng chữ không được phép (U+2066)."),
        ("Bình\u200f", "bidi_control", "Nội dung chứa ký tự đảo hướng chữ không được phép (U+200F)."),
        ("Bình\u200e", "bidi_control", "Nội dung chứa ký tự đảo hướng chữ không được phép (U+200E)."),
        ("Bình\u061c", "bidi_control", "Nội dung chứa ký tự đảo hướng chữ không được phép (U+061C)."),
        ("Bình\ud800", "invalid_character", "Nội dung chứa ký tự không hợp lệ (U+D800)."),
        ("Bình\uffff", "invalid_character", "Nội dung chứa ký tự không hợp lệ (U+FFFF)."),
    ],
)
def test_a_refused_character_is_named_in_the_message(value, code, message):
    assert refusal(value) == (code, message)


@pytest.mark.parametrize(
    "value",
    ["\u200b", "\u200b\u200c\u200d", " \u2060 ", "\ufeff", "\u3164", "\u2800\u2800", "\u00ad", "\ufe0f"],
)
def test_a_value_with_nothing_visible_is_refused(value):
    assert refusal(value) == (
        "invisible_only",
        "Nội dung chỉ gồm ký tự không nhìn thấy được (như khoảng trắng độ rộng bằng 0).",
    )


@pytest.mark.parametrize(
    "value",
    [
        NFC_NAME,
        "Đăng ký khai sinh cho con — lần 2 (bản sao)",
        "Rất hài lòng 👩\u200d💻👍🏽",  # an emoji sequence joins with U+200D
        "Xóm 3,\u200bxã Phú Sơn",  # a zero-width space inside visible text hides nothing
        "   ",  # blank: a "required" check's business, not ours
        "",
    ],
)
def test_ordinary_text_passes(value):
    validate_text(value)


def test_line_breaks_and_tabs_pass_in_multiline_text_only():
    validate_text("Dòng một\r\nDòng hai\tcột", multiline=True)
    assert refusal("a\x00\nb", multiline=True)[0] == "control_character"
    assert refusal("a\u202eb", multiline=True)[0] == "bidi_control"


# --- forms ---------------------------------------------------------------------------------------


class _ApplicantForm(TextInputMixin, forms.Form):
    name = forms.CharField(max_length=16)
    note = forms.CharField(required=False, widget=forms.Textarea)
    phone = DigitsField(required=False, max_length=20)
    q = SearchField(required=False)
    password = forms.CharField(required=False, strip=False, widget=forms.PasswordInput)
    token = forms.CharField(required=False, widget=forms.HiddenInput)
    kind = forms.ChoiceField(required=False, choices=[("a", "A")])


def cleaned(**data: str) -> _ApplicantForm:
    form = _ApplicantForm({"name": NFC_NAME, **data})
    form.is_valid()
    return form


def test_a_form_stores_text_in_nfc_and_counts_its_length_so():
    # 16 letters in NFC, 22 code points in NFD: the limit is on what is stored.
    assert len(NFD_NAME) == 22
    form = cleaned(name=NFD_NAME, note=unicodedata.normalize("NFD", "Đã nhận\nđủ"))
    assert form.errors == {}
    assert form.cleaned_data["name"] == NFC_NAME
    assert form.cleaned_data["note"] == "Đã nhận\nđủ"
    assert unicodedata.is_normalized("NFC", form.cleaned_data["note"])


def test_a_form_refuses_a_bidi_override_beside_its_field():
    form = cleaned(name="Nguyễn \u202eVăn")
    assert form.errors == {"name": ["Nội dung chứa ký tự đảo hướng chữ không được phép (U+202E)."]}
    assert "name" not in form.cleaned_data


def test_a_form_refuses_a_name_of_zero_width_spaces():
    form = cleaned(name="\u200b\u200b")
    assert form.errors == {
        "name": ["Nội dung chỉ gồm ký tự không nhìn thấy được (như khoảng trắng độ rộng bằng 0)."]
    }


def test_a_nul_gets_one_message_in_vietnamese_not_also_djangos():
    assert cleaned(name="Bình\x00").errors == {
        "name": ["Nội dung chứa ký tự điều khiển không được phép (U+0000)."]
    }


def test_a_one_line_field_refuses_a_line_break_a_textarea_keeps_it():
    form = cleaned(name="Bình\nAn", note="Bình\nAn")
    assert form.errors == {
        "name": ["Ô này chỉ nhận một dòng: nội dung chứa dấu xuống dòng hoặc dấu tab (U+000A)."]
    }
    assert form.cleaned_data["note"] == "Bình\nAn"


def test_passwords_and_hidden_tokens_are_left_exactly_as_sent():
    password = "Mật\u0302 khẩu\x07\u202e" + NFD_NAME
    form = cleaned(password=password, token="\u202etoken\u0301")
    assert form.errors == {}
    assert form.cleaned_data["password"] == password
    assert form.cleaned_data["token"] == "\u202etoken\u0301"


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("０９１２３４５６７８", "0912345678"),  # fullwidth
        ("٠٩١٢٣٤٥٦٧٨", "0912345678"),  # Arabic-Indic
        ("۰۹۱۲ ۳۴۵ ۶۷۸", "0912 345 678"),  # Extended Arabic-Indic (Persian)
        ("０９１２　３４５　６７８", "0912 345 678"),  # with ideographic spaces
        ("09１2abc", "0912abc"),  # letters stay letters, for the validators to refuse
    ],
)
def test_digits_fields_read_any_scripts_digits_as_ascii(typed, stored):
    form = cleaned(phone=typed)
    assert form.errors == {}
    assert form.cleaned_data["phone"] == stored


@pytest.mark.parametrize(("typed", "read"), [("１２３ ４５６", "123456"), ("١٢٣٤٥٦", "123456")])
def test_a_second_factor_code_is_read_in_any_scripts_digits(typed, read):
    form = CodeForm({"code": typed})

    assert form.is_valid(), form.errors
    assert form.cleaned_data["code"] == read


def test_a_search_box_is_cleaned_never_refused():
    form = cleaned(q="khai\x00 sinh\u202e \u200b ０９")
    assert form.errors == {}
    assert form.cleaned_data["q"] == "khai sinh 09"


def test_a_page_shown_again_shows_the_nfc_text():
    form = cleaned(name=NFD_NAME + "\u202e")
    assert form["name"].value() == NFC_NAME + "\u202e"


NUL_REFUSED = "Yêu cầu chứa ký tự NUL (U+0000), không thể xử lý."


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    ["/procedures/%00/", "/units/?unit=%00", "/tra-cuu-ho-so/?code=%00", "/nop-ho-so/1.001193%00/"],
)
def test_a_page_address_holding_a_nul_is_refused_with_a_400(url):
    """GIVEN a NUL in a page's path or query string WHEN requested THEN a translated 400 (on
    PostgreSQL a path code or a query value read without a form was a 500)."""
    response = Client().get(url)

    assert response.status_code == 400
    assert NUL_REFUSED in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("data", [{"pick": ["\x00"], "to_official": "CB001"}, {"to_official": "\x00"}])
def test_a_form_body_holding_a_nul_is_refused_with_a_400_and_changes_nothing(desk, personas, data):
    """GIVEN the worklist's hand-over, which reads its POST without a form WHEN a value holds a
    NUL THEN a translated 400 and no audit row (on PostgreSQL the lookup was a 500)."""
    from reformdesk.core.models import AuditEvent
    from reformdesk.core.tests.helpers import sign_in

    audit_rows = AuditEvent.objects.count()

    response = sign_in(Client(), personas.chair_a).post("/staff/dossiers/bulk/reassign/", data)

    assert response.status_code == 400
    assert NUL_REFUSED in response.content.decode()
    assert AuditEvent.objects.count() == audit_rows


def test_every_form_of_the_project_checks_its_text():
    """GIVEN every form class of the project WHEN walked THEN each has TextInputMixin among its
    bases (a form without it would store NFD names and bidi overrides)."""
    classes = [f for f in project_forms() if ".tests." not in f.__module__]
    assert len(classes) > 30  # the walk found the project's forms
    assert [f"{f.__module__}.{f.__qualname__}" for f in classes if not issubclass(f, TextInputMixin)] == []


def editable_admin_forms() -> list[tuple[str, type[forms.BaseForm]]]:
    """(admin, form class) of every admin page, or inline, of the project where a superuser may
    add or change rows: each page's form is built from its ``form``."""
    request = RequestFactory().get("/admin/")
    request.user = User(username="root", is_superuser=True, is_staff=True, is_active=True)
    found = []
    for model, model_admin in admin.site._registry.items():
        if not model.__module__.startswith("reformdesk."):
            continue
        found += (
            [(type(model_admin).__name__, model_admin.form)]
            if (model_admin.has_add_permission(request) or model_admin.has_change_permission(request))
            else []
        )
        for inline in (inline_class(model, admin.site) for inline_class in model_admin.inlines):
            if inline.has_add_permission(request, None) or inline.has_change_permission(request):
                found.append((type(inline).__name__, inline.form))
    return found


def test_every_editable_admin_page_checks_its_text():
    pages = editable_admin_forms()
    assert {"UnitAdmin", "OfficialAdmin", "MembershipInline", "MessageTemplateAdmin"} <= {p for p, _ in pages}
    assert [page for page, form in pages if not issubclass(form, TextInputMixin)] == []


# --- the API -------------------------------------------------------------------------------------

_API_TEXT = {
    metadata for kind in (Text, LongText, Digits, SearchText) for metadata in typing.get_args(kind)[1:]
}


def _unchecked_strings(annotation: Any, metadata: list[Any], where: str, seen: set[type]) -> list[str]:
    """The places under ``annotation`` where a string is read without one of the API's text types."""
    if typing.get_origin(annotation) is Annotated:
        inner, *extra = typing.get_args(annotation)
        return _unchecked_strings(inner, [*metadata, *extra], where, seen)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if annotation in seen:
            return []
        seen.add(annotation)
        return [
            place
            for name, field in annotation.model_fields.items()
            for place in _unchecked_strings(field.annotation, list(field.metadata), f"{where}.{name}", seen)
        ]
    if annotation is str:
        return [] if any(m in _API_TEXT for m in metadata) else [where]
    if typing.get_origin(annotation) is typing.Literal:
        return []  # one of the values written here
    if isinstance(annotation, typing.ForwardRef | str):
        return [f"{where} (unresolved annotation {annotation!r})"]
    return [
        place
        for argument in typing.get_args(annotation)
        for place in _unchecked_strings(argument, [], where, seen)
    ]


def unchecked_api_strings() -> list[str]:
    """Every string an API operation reads (path, query, header, body, at any depth) that is not
    declared with ``Text``, ``LongText``, ``Digits`` or ``SearchText``."""
    found: list[str] = []
    for prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            for operation in path_view.operations:
                for model in operation.models:
                    where = f"{','.join(operation.methods)} {prefix}{path} {model.__ninja_param_source__}"
                    found += _unchecked_strings(model, [], where, set())
    return found


def test_the_api_walk_sees_nested_and_listed_strings():
    class Inner(BaseModel):
        name: str
        code: Text

    class Outer(BaseModel):
        inner: Inner | None
        lines: list[str]
        notes: list[LongText]

    assert _unchecked_strings(Outer, [], "body", set()) == ["body.inner.name", "body.lines"]


def test_every_string_the_api_reads_is_checked():
    """GIVEN every operation of /api/v1 WHEN its inputs are walked THEN each string is one of the
    API's text types (an unchecked ``unit=%00`` reached PostgreSQL and gave a 500)."""
    assert unchecked_api_strings() == []
