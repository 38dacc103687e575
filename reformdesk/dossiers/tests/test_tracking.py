"""The tracking book's numbers (Sổ theo dõi hồ sơ, "Quyển số … Số thứ tự …" on form 01): given at
receipt, per receiving unit and year, from 1, without gaps; filled in for dossiers received before
the book was kept."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.db import transaction
from django.urls import reverse

from reformdesk.dossiers.models import Dossier, TrackingCounter, TrackingEntry
from reformdesk.dossiers.services import dossier_receive, dossier_receive_supplement
from reformdesk.dossiers.services.tracking import tracking_book_fill
from reformdesk.dossiers.tests.factories import applicant, desk_procedure, vn

pytestmark = pytest.mark.django_db


def receive(desk, personas, tree, at, **kwargs) -> Dossier:
    values = {
        "actor": personas.one_stop_a,
        "unit": tree.commune_a,
        "procedure": desk.procedure,
        "applicant": applicant(),
        "submitted_papers": desk.required_ids,
        "at": at,
    }
    values.update(kwargs)
    return dossier_receive(**values)


def entries() -> list[tuple[str, int, int]]:
    return [
        (e.dossier.code, e.volume, e.number)
        for e in TrackingEntry.objects.select_related("dossier").order_by("unit_id", "volume", "number")
    ]


def test_each_receipt_takes_the_next_number_of_its_units_book_for_the_year(desk, personas, tree):
    first = receive(desk, personas, tree, vn(2025, 12, 1, 9))
    second = receive(desk, personas, tree, vn(2025, 12, 1, 10))
    # 23:30 on 31 December in Vietnam is still 2025 (16:30 UTC): the year is the local one.
    last_of_year = receive(desk, personas, tree, vn(2025, 12, 31, 23, 30))
    new_year = receive(desk, personas, tree, vn(2026, 1, 5, 8))
    other = desk_procedure(units=[tree.commune_b], code="1.000894", name="Thủ tục đăng ký kết hôn")
    elsewhere = dossier_receive(
        actor=personas.admin,
        unit=tree.commune_b,
        procedure=other.procedure,
        applicant=applicant(),
        submitted_papers=other.required_ids,
        at=vn(2025, 12, 2, 9),
    )
    assert entries() == [
        (first.code, 2025, 1),
        (second.code, 2025, 2),
        (last_of_year.code, 2025, 3),
        (new_year.code, 2026, 1),
        (elsewhere.code, 2025, 1),
    ]
    assert {(e.dossier_id, e.unit_id) for e in TrackingEntry.objects.all()} == {
        (d.pk, d.receiving_unit_id) for d in (first, second, last_of_year, new_year, elsewhere)
    }


def test_a_dossier_is_entered_when_received_not_when_guided_or_refused(desk, personas, tree):
    guided = receive(desk, personas, tree, vn(2025, 12, 1, 9), submitted_papers=desk.required_ids[:1])
    refused = receive(desk, personas, tree, vn(2025, 12, 1, 9, 10), refuse_reasons="Không thuộc thẩm quyền.")
    received = receive(desk, personas, tree, vn(2025, 12, 1, 9, 20))
    assert entries() == [(received.code, 2025, 1)]

    dossier_receive_supplement(
        actor=personas.one_stop_a, dossier=guided, submitted_papers=desk.required_ids, at=vn(2025, 12, 2, 8)
    )
    assert entries() == [(received.code, 2025, 1), (guided.code, 2025, 2)]
    assert not TrackingEntry.objects.filter(dossier=refused).exists()


class Abandoned(Exception):
    pass


def test_a_rolled_back_receipt_gives_its_number_back(desk, personas, tree):
    with pytest.raises(Abandoned), transaction.atomic():
        receive(desk, personas, tree, vn(2025, 12, 1, 9))
        raise Abandoned
    kept = receive(desk, personas, tree, vn(2025, 12, 1, 10))
    assert entries() == [(kept.code, 2025, 1)]
    assert TrackingCounter.objects.get(unit=tree.commune_a, year=2025).last == 1


def test_dossiers_received_before_the_book_are_numbered_in_the_order_received(desk, personas, tree):
    """GIVEN dossiers recorded out of order and without entries (as before this book existed)
    WHEN the data migration runs THEN they are numbered by the moment they were received."""
    next_year = receive(desk, personas, tree, vn(2026, 1, 5, 9))
    later = receive(desk, personas, tree, vn(2025, 12, 3, 9))
    earlier = receive(desk, personas, tree, vn(2025, 12, 1, 9))
    not_received = receive(desk, personas, tree, vn(2025, 12, 2, 9), submitted_papers=[])
    TrackingEntry.objects.all().delete()
    TrackingCounter.objects.all().delete()

    migration = importlib.import_module("reformdesk.dossiers.migrations.0006_tracking_book_backfill")
    migration.fill(apps, None)

    assert entries() == [
        (earlier.code, 2025, 1),
        (later.code, 2025, 2),
        (next_year.code, 2026, 1),
    ]
    assert not TrackingEntry.objects.filter(dossier=not_received).exists()
    # The next receipt continues the book.
    after = receive(desk, personas, tree, vn(2025, 12, 4, 9, 30))
    assert TrackingEntry.objects.get(dossier=after).number == 3

    migration.empty(apps, None)
    assert (TrackingEntry.objects.count(), TrackingCounter.objects.count()) == (0, 0)


def test_the_fill_numbers_only_the_dossiers_without_an_entry(desk, personas, tree):
    numbered = receive(desk, personas, tree, vn(2025, 12, 1, 9))
    bare = receive(desk, personas, tree, vn(2025, 12, 2, 9))
    # As the demo writes its year: the dossier row without its entry, the book at its last number.
    TrackingEntry.objects.filter(dossier=bare).delete()
    TrackingCounter.objects.filter(unit=tree.commune_a, year=2025).update(last=1)
    assert tracking_book_fill() == 1
    assert entries() == [(numbered.code, 2025, 1), (bare.code, 2025, 2)]
    assert tracking_book_fill() == 0


def test_the_staff_dossier_page_shows_the_book_numbers(client, desk, personas, tree):
    receive(desk, personas, tree, vn(2025, 12, 1, 9))
    dossier = receive(desk, personas, tree, vn(2025, 12, 1, 10))
    client.force_login(personas.one_stop_a)
    body = client.get(reverse("dossiers:detail", args=[dossier.code])).content.decode()
    assert 'data-testid="dossier-tracking"' in body
    assert "Quyển số 2025, số thứ tự 2" in body
