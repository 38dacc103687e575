"""Helpers of the staff-form tests (``test_staff_forms_*``): the audit row just written, the check
that a refused form changed nothing, and the POST data of a row list, a step and a version."""

from __future__ import annotations

from reformdesk.catalog.tests.test_staff_support import fingerprint
from reformdesk.core.models import AuditEvent


def last_audit() -> AuditEvent:
    return AuditEvent.objects.order_by("-id").first()


def refused(response, before) -> dict:
    """The form came back (200, not a 500), with an alert; nothing was saved."""
    assert response.status_code == 200
    assert 'id="form-errors"' in response.content.decode()
    assert fingerprint() == before
    return response.context["form"].errors if "form" in response.context else {}


def rows(prefix_rows: list[dict[str, str]], initial: int) -> dict[str, str]:
    data = {"form-TOTAL_FORMS": str(len(prefix_rows)), "form-INITIAL_FORMS": str(initial)}
    for index, row in enumerate(prefix_rows):
        data |= {f"form-{index}-{key}": value for key, value in row.items()}
    return data


def step(name: str, days: str, **extra: str) -> dict[str, str]:
    return {
        "kind": "assess",
        "name_vi": name,
        "role": "specialist",
        "unit_kind": "commune",
        "working_days": days,
    } | extra


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
