"""Online services and payment from the dossiers' channels and fees, worked by hand.

Commune A, March 2026, scored after the month. Procedure A is offered fully online and asks a
fee; procedure B asks a fee and is not online.
- A: one dossier filed online with its fee recorded, two in person (one fee recorded, one not);
- B: one dossier in person with its fee recorded.
Online dossiers among procedures offered fully online: 1 of 3 → R 0.3333 →
6 × min(1, 0.3333 / 0.5) = 3.9996 → 4.00.
Procedures whose dossiers carry fee data among procedures with fees: B only (A has a dossier
without its fee) = 1 of 2 → R 0.5 → 2 × min(1, 0.5 / 0.8) = 1.25.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from reformdesk.catalog.choices import Channel, OnlineLevel
from reformdesk.catalog.models import FilingMethod, Procedure
from reformdesk.dossiers.tests.factories import desk_procedure, vn
from reformdesk.scoring.periods import Period
from reformdesk.scoring.selectors import index_766
from reformdesk.scoring.tests.factories import make_dossier

pytestmark = pytest.mark.django_db
MARCH = Period("2026-03", dt.date(2026, 3, 1), dt.date(2026, 3, 31))


def test_online_share_and_fee_data_match_the_hand_computation(tree):
    a = tree.commune_a
    online = desk_procedure(units=[a])
    offline = desk_procedure(units=[a], code="1.004873", name="Thủ tục cấp Giấy xác nhận tình trạng hôn nhân")
    Procedure.objects.filter(pk=online.procedure.pk).update(online_level=OnlineLevel.FULL)
    FilingMethod.objects.filter(version__in=[online.version, offline.version]).update(fee_vnd=8000)

    def dossier(desk, channel, fee):
        make_dossier(
            unit=a,
            desk=desk,
            received_at=vn(2026, 3, 2),
            due_at=vn(2026, 3, 5, 17),
            finished_at=vn(2026, 3, 4),
            channel=channel,
            fee_vnd=fee,
        )

    dossier(online, Channel.ONLINE, 8000)
    dossier(online, Channel.IN_PERSON, 8000)
    dossier(online, Channel.IN_PERSON, None)
    dossier(offline, Channel.IN_PERSON, 8000)
    index = index_766(unit=a, period=MARCH, now=vn(2026, 5, 4))
    dossiers_online = index.indicator("o-dossiers-online")
    fee_data = index.indicator("pay-fee-data")
    assert dossiers_online is not None and fee_data is not None
    assert (dossiers_online.numerator, dossiers_online.denominator, dossiers_online.score) == (
        1,
        3,
        Decimal("4.00"),
    )
    assert (fee_data.numerator, fee_data.denominator, fee_data.score) == (1, 2, Decimal("1.25"))
    paid = index.indicator("pay-dossiers-paid")
    assert paid is not None and (paid.how, paid.score) == ("no_data", None)  # dossiers carry no such flag yet
