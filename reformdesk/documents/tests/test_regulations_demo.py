"""The demo's regulations and commitments: on the seven communes, with acknowledgements and
signatures, deterministic and idempotent."""

from __future__ import annotations

import pytest

from reformdesk.documents import demo_regulations
from reformdesk.documents.models import (
    Commitment,
    CommitmentBreach,
    RegulationAcknowledgement,
    RegulationVersion,
)
from reformdesk.documents.selectors_regulations import public_regulations, regulations_to_acknowledge
from reformdesk.org import demo as org_demo
from reformdesk.org.models import Unit

pytestmark = pytest.mark.django_db


def test_the_demo_seeds_the_seven_communes_once():
    org_demo.seed()
    lines = demo_regulations.seed()
    assert lines and lines[0].startswith("Regulations: 22 versions;")
    assert RegulationVersion.objects.values("unit").distinct().count() == 7
    assert RegulationAcknowledgement.objects.count() > 500
    assert Commitment.objects.filter(official__isnull=True).count() == 6
    assert Commitment.objects.filter(official__isnull=False).count() > 200
    assert CommitmentBreach.objects.count() == 1
    tan_ky = Unit.objects.get(code="000.71.00.H41")
    assert [v.title for v in public_regulations(unit=tan_ky)] == ["Nội quy tiếp công dân"]
    from django.contrib.auth.models import User

    clerk = User.objects.get(username="motcua.tanky")
    assert [v.title for v in regulations_to_acknowledge(user=clerk)][:1] == [
        "Quy chế làm việc của Ủy ban nhân dân xã (sửa đổi, bổ sung)"
    ]
    counts = (
        RegulationVersion.objects.count(),
        RegulationAcknowledgement.objects.count(),
        Commitment.objects.count(),
    )
    assert demo_regulations.seed() == []
    assert (
        RegulationVersion.objects.count(),
        RegulationAcknowledgement.objects.count(),
        Commitment.objects.count(),
    ) == counts
