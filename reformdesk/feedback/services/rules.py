"""Writing the dated time-limit rules (administrators, through the admin site)."""

from __future__ import annotations

from django.db import transaction

from reformdesk.core.services.audit import Actor, audit_record, snapshot
from reformdesk.feedback.models import DeadlineRule

_FIELDS = ("step", "working_days", "effective_from", "source")


@transaction.atomic
def deadline_rule_save(*, actor: Actor, rule: DeadlineRule) -> DeadlineRule:
    """Check and save a rule, with an audit row of what changed. A change in the law is a new
    row from the day it applies; editing a row changes the due moments of cases received later
    only (a case keeps the due moments computed at its receipt)."""
    before = snapshot(DeadlineRule.objects.get(pk=rule.pk), _FIELDS) if rule.pk else dict.fromkeys(_FIELDS)
    rule.full_clean()
    rule.save()
    rule.refresh_from_db()  # the stored form (10 days is 10.00) is what the audit row shows
    after = snapshot(rule, _FIELDS)
    changes = {name: [before[name], after[name]] for name in _FIELDS if before[name] != after[name]}
    audit_record(actor=actor, action="feedback_rule.save", obj=rule, changes=changes)
    return rule
