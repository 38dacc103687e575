"""Publishing a procedure at a unit's desk or on the portal, and withdrawing it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from reformdesk.catalog.models import (
    Publication,
)
from reformdesk.catalog.tests.staff_form_helpers import last_audit, refused
from reformdesk.catalog.tests.test_staff_support import (
    catalog_fixture,  # noqa: F401 - the `catalog` fixture
    fingerprint,
)

pytestmark = pytest.mark.django_db


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
            {"published_on": ["Ngày không hợp lệ. Ghi ngày theo dạng ngày/tháng/năm, ví dụ 31/01/2026."]},
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
