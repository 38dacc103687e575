"""Who may open which catalog staff page and who may post to it (STYLE.md §8).

Any staff member reads the lists and a procedure's page; only the reform officer over a subtree
and administrators open the edit forms; publishing and withdrawing are checked on the unit. A
refused POST answers 403 and changes nothing.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from reformdesk.catalog.models import Publication
from reformdesk.catalog.tests.test_staff_support import (
    DECISION,
    EDITORS,
    NOT_EDITORS,
    STAFF,
    catalog_fixture,  # noqa: F401 - the `catalog` fixture
    client_for,
    fingerprint,
)
from reformdesk.core.tests.helpers import sign_in
from reformdesk.core.tests.test_security import inline_code
from reformdesk.org.choices import Role
from reformdesk.org.tests.factories import make_official

pytestmark = pytest.mark.django_db

READ_PAGES = ["procedure_list", "procedure_detail", "field_list", "publication_list"]
EDIT_PAGES = [
    "procedure_create",
    "procedure_edit",
    "version_create",
    "version_edit",
    "case_create",
    "case_edit",
    "case_delete",
    "filing_methods_edit",
    "papers_edit",
    "steps_edit",
    "field_create",
    "field_edit",
    "publication_add",
    "publication_withdraw",
]


def url_of(name: str, catalog) -> str:
    code = catalog.procedure.national_code
    pk = catalog.version.pk
    args = {
        "procedure_detail": [code],
        "procedure_edit": [code],
        "version_create": [code],
        "publication_add": [code],
        "version_edit": [pk],
        "case_create": [pk],
        "case_edit": [catalog.case.pk],
        "case_delete": [catalog.case.pk],
        "filing_methods_edit": [pk],
        "papers_edit": [pk],
        "steps_edit": [pk],
        "field_edit": [catalog.field.pk],
        "publication_withdraw": [catalog.publication.pk],
    }.get(name, [])
    return reverse(f"catalog:{name}", args=args)


def valid_post(name: str, catalog, tree) -> dict[str, str]:
    """A POST each form would accept from an editor (so that a 403 is the refusal, not the data)."""
    management = {"form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "0"}
    return {
        "procedure_create": {
            "national_code": "1.000894",
            "name_vi": "Thủ tục đăng ký kết hôn",
            "field": str(catalog.field.pk),
            "at_commune": "on",
            "online_level": "partial",
            "is_active": "on",
        },
        "procedure_edit": {
            "name_vi": "Thủ tục đăng ký khai sinh (sửa)",
            "field": str(catalog.field.pk),
            "at_commune": "on",
            "online_level": "full",
            "is_active": "on",
        },
        "version_create": {
            "decision_number": "2000/QĐ-UBND",
            "decision_date": "2019-01-01",
            "effective_from": "2019-01-01",
            "effective_to": "2020-01-01",
        },
        "version_edit": {
            "decision_number": DECISION,
            "decision_date": "2024-03-01",
            "effective_from": "2024-04-01",
            "effective_to": "2030-12-31",
        },
        "case_create": {"name_vi": "Khai sinh có yếu tố nước ngoài", "time_limit_days": "4"},
        "case_edit": {"name_vi": "Đăng ký khai sinh quá hạn (sửa)", "time_limit_days": "4"},
        "case_delete": {},
        "filing_methods_edit": {**management, "form-0-channel": "3", "form-0-time_limit_days": "3"},
        "papers_edit": {
            **management,
            "form-0-name_vi": "Giấy tờ mới",
            "form-0-form": "copy",
            "form-0-quantity": "1",
        },
        "steps_edit": {
            **management,
            "form-0-kind": "receive",
            "form-0-name_vi": "Tiếp nhận",
            "form-0-role": "one_stop",
            "form-0-unit_kind": "commune",
            "form-0-working_days": "1",
        },
        "field_create": {"code": "CT", "name_vi": "Chứng thực", "sort_order": "2"},
        "field_edit": {"code": "HT", "name_vi": "Hộ tịch (sửa)", "sort_order": "1"},
        "publication_add": {"unit": str(tree.commune_b.pk), "place": "desk", "published_on": "2025-01-02"},
        "publication_withdraw": {"withdrawn_on": "2025-01-02"},
    }[name]


@pytest.mark.parametrize("name", READ_PAGES + EDIT_PAGES)
def test_anonymous_visitors_are_sent_to_login(catalog, name):
    response = client_for(None, None).get(url_of(name, catalog))
    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=/staff/catalog/")


@pytest.mark.parametrize("name", READ_PAGES)
@pytest.mark.parametrize("persona", ["admin", *STAFF])
def test_every_staff_member_reads_the_lists_and_the_procedure(personas, catalog, name, persona):
    response = client_for(personas, persona).get(url_of(name, catalog))
    assert response.status_code == 200
    assert inline_code(response.content.decode()) == []


@pytest.mark.parametrize("name", READ_PAGES)
def test_a_login_without_a_unit_reads_nothing(personas, catalog, name):
    assert client_for(personas, "outsider").get(url_of(name, catalog)).status_code == 403


@pytest.mark.parametrize("name", EDIT_PAGES)
@pytest.mark.parametrize("persona", EDITORS)
def test_editors_open_every_form(personas, catalog, name, persona):
    response = client_for(personas, persona).get(url_of(name, catalog))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="csrfmiddlewaretoken"' in html
    assert inline_code(html) == []


@pytest.mark.parametrize("name", EDIT_PAGES)
@pytest.mark.parametrize("persona", NOT_EDITORS)
def test_others_may_not_open_the_forms(personas, catalog, name, persona):
    response = client_for(personas, persona).get(url_of(name, catalog))
    assert response.status_code == 403
    assert "Không có quyền truy cập" in response.content.decode()


@pytest.mark.parametrize("name", EDIT_PAGES)
@pytest.mark.parametrize("persona", [None, *NOT_EDITORS])
def test_a_refused_post_changes_nothing(personas, catalog, tree, name, persona):
    before = fingerprint()
    response = client_for(personas, persona).post(url_of(name, catalog), valid_post(name, catalog, tree))
    assert response.status_code == (302 if persona is None else 403)
    assert fingerprint() == before


@pytest.mark.parametrize("name", EDIT_PAGES)
def test_the_same_post_from_the_reform_officer_is_saved(personas, catalog, tree, name):
    """The counterpart of the refusals above: the data was valid, only the user was not."""
    before = fingerprint()
    response = client_for(personas, "district_reform").post(
        url_of(name, catalog), valid_post(name, catalog, tree)
    )
    assert response.status_code == 302
    assert fingerprint() != before


def test_edit_links_show_only_to_editors(personas, catalog):
    url = url_of("procedure_detail", catalog)
    edit_urls = [url_of(name, catalog) for name in ("procedure_edit", "case_edit", "case_delete")]
    editor_html = client_for(personas, "district_reform").get(url).content.decode()
    assert [edit_url in editor_html for edit_url in edit_urls] == [True, True, True]
    html = client_for(personas, "one_stop_a").get(url).content.decode()
    assert [edit_url in html for edit_url in edit_urls] == [False, False, False]
    assert url_of("publication_add", catalog) not in html
    assert url_of("publication_withdraw", catalog) not in html


def test_the_reform_officer_may_withdraw_only_inside_the_district(personas, catalog):
    client = client_for(personas, "district_reform")
    outside = reverse("catalog:publication_withdraw", args=[catalog.province_publication.pk])
    before = fingerprint()
    assert client.get(outside).status_code == 403
    assert client.post(outside, {"withdrawn_on": "2025-01-02"}).status_code == 403
    assert fingerprint() == before
    detail = client.get(url_of("procedure_detail", catalog)).content.decode()
    assert url_of("publication_withdraw", catalog) in detail
    assert outside not in detail


def test_the_reform_officer_is_offered_only_the_units_of_the_district(personas, catalog, tree):
    response = client_for(personas, "district_reform").get(url_of("publication_add", catalog))
    offered = [unit.code for unit in response.context["form"].fields["unit"].queryset]
    assert offered == [tree.district.code, tree.commune_a.code, tree.commune_b.code]


def test_a_unit_reform_officer_publishes_at_the_own_unit_but_edits_nothing(personas, catalog, tree):
    """A reform officer of commune B alone (scope: the unit) may post at commune B's desk; the
    catalog itself is provincial data that needs a grant over a subtree."""
    make_official(unit=tree.commune_b, role=Role.REFORM, username="cchc_xa_b", full_name="Vũ Thị Lan")
    client = sign_in(Client(), User.objects.get(username="cchc_xa_b"))
    assert client.get(url_of("procedure_edit", catalog)).status_code == 403
    response = client.get(url_of("publication_add", catalog))
    assert [u.code for u in response.context["form"].fields["unit"].queryset] == [tree.commune_b.code]
    response = client.post(
        url_of("publication_add", catalog),
        {"unit": str(tree.commune_a.pk), "place": "desk", "published_on": "2025-01-02"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "unit": ["Hãy chọn một lựa chọn hợp lệ. Lựa chọn đó không phải là một trong các lựa chọn khả thi."]
    }
    response = client.post(
        url_of("publication_add", catalog),
        {"unit": str(tree.commune_b.pk), "place": "desk", "published_on": "2025-01-02"},
    )
    assert response.status_code == 302
    assert Publication.objects.filter(unit=tree.commune_b, procedure=catalog.procedure).count() == 1
    assert client.get(url_of("publication_withdraw", catalog)).status_code == 403
