"""The citizen's side: filing feedback online, looking one's case up and rating its answer.

Filing online needs no account. Besides the per-client limit on submissions (the page's, in
``feedback.public_views``) and the form's honeypot, a cooling period per contact keeps one phone or
e-mail from flooding a desk: at most ``ONLINE_PER_CONTACT`` online cases from the same phone or
e-mail within ``CONTACT_WINDOW``. A citizen with more to say adds it to an open case at the desk or
by the hotline; three a day is above what a person writes (the demo year's busiest contact sends
two in a week). Anonymous cases have no contact to count: the per-client limit is their guard.
Nothing here calls an outside service (offices run offline).

The lookup counts wrong secrets like the dossier lookup (``dossiers.services.lookup``) and with
its numbers (``settings.DOSSIER_LOOKUP_*``), in counters of its own so that a citizen locked out of
one lookup is not locked out of the other. A feedback secret is always the 8 characters of
``services.codes`` (31^8 values; there is no weaker phone-digits secret), so the counters guard the
code's existence and the server's load more than the secret: they are kept for the same
protections the issue asks for. The counter twin is deliberate: the dossier module's
counters are named for dossiers and take the receipt-only escape hatch that feedback has no use for.
"""

from __future__ import annotations

import datetime as dt
import hmac
import math
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from reformdesk.core.services.counters import counter_add, counter_state
from reformdesk.core.uploads import CheckedFile
from reformdesk.dossiers.validators import normalize_phone
from reformdesk.feedback.choices import Channel
from reformdesk.feedback.models import FeedbackCase
from reformdesk.feedback.services.handling import feedback_rate
from reformdesk.feedback.services.intake import Citizen, feedback_receive
from reformdesk.org.models import Official, Unit

ONLINE_PER_CONTACT = 3
CONTACT_WINDOW = dt.timedelta(days=1)

# Requests per minute and client on the lookup page (one allowance for looking up and rating), as
# the dossier lookup's ``LOOKUP_PER_MINUTE``.
LOOKUP_PER_MINUTE = 20
LOOKUP_SCOPE = "feedback_lookup"
CODE_SCOPE = "feedback_lookup.code"
CLIENT_SCOPE = "feedback_lookup.client"


def _contact_cases(*, phone: str, email: str, since: dt.datetime) -> int:
    match = Q()
    if phone:
        match |= Q(citizen_phone=phone)
    if email:
        match |= Q(citizen_email__iexact=email)
    if not match:
        return 0
    return FeedbackCase.objects.filter(match, channel=Channel.ONLINE, received_at__gte=since).count()


def feedback_submit_online(
    *,
    unit: Unit,
    kind: str,
    subject: str,
    content: str,
    citizen: Citizen,
    place: str = "",
    related_dossier_code: str = "",
    related_official: Official | None = None,
    files: Sequence[CheckedFile] = (),
    client_token: uuid.UUID | None = None,
    now: dt.datetime | None = None,
) -> FeedbackCase:
    """File feedback from the portal (channel "online", received now) after the contact's
    cooling period; raises ``ValidationError`` keyed by field, saving nothing. A repeated
    ``client_token`` (a form sent twice) returns the case already filed."""
    if client_token is not None:
        existing = FeedbackCase.objects.filter(client_token=client_token, channel=Channel.ONLINE).first()
        if existing is not None:
            return existing
    now = now or timezone.now()
    if not citizen.anonymous:
        phone = normalize_phone(citizen.phone.strip()) if citizen.phone.strip() else ""
        filed = _contact_cases(phone=phone, email=citizen.email.strip(), since=now - CONTACT_WINDOW)
        if filed >= ONLINE_PER_CONTACT:
            raise ValidationError(
                {
                    "citizen_phone": _(
                        "Số điện thoại hoặc thư điện tử này đã gửi %(count)d phản ánh trong 24 giờ qua. "
                        "Hãy gửi tiếp sau, hoặc gọi đường dây nóng của đơn vị."
                    )
                    % {"count": filed}
                }
            )
    return feedback_receive(
        actor=None,
        unit=unit,
        kind=kind,
        channel=Channel.ONLINE,
        subject=subject,
        content=content,
        citizen=citizen,
        place=place,
        related_dossier_code=related_dossier_code,
        related_official=related_official,
        files=files,
        client_token=client_token,
    )


@dataclass(frozen=True)
class FeedbackLookup:
    found: FeedbackCase | None
    retry_after: int = 0  # seconds; > 0: "try later", nothing was looked up


def _code_key(code: str) -> str:
    return "".join(code.split()).upper()[:40]


def _matching(*, code: str, secret: str) -> FeedbackCase | None:
    case = FeedbackCase.objects.select_related("unit", "receiving_unit").filter(code=_code_key(code)).first()
    secret = secret.strip().upper()
    # Compared in constant time, and an unknown code answers as a wrong secret does.
    if case is None or not secret or not hmac.compare_digest(secret.encode(), case.secret.upper().encode()):
        return None
    return case


def feedback_lookup_attempt(*, code: str, secret: str, client: str | None) -> FeedbackLookup:
    """Look a case up for its citizen, counting a wrong secret against the code and the client.
    Past either limit nothing is looked up until the window ends."""
    now = timezone.now()
    code_window = dt.timedelta(seconds=settings.DOSSIER_LOOKUP_CODE_WINDOW_SECONDS)
    client_window = dt.timedelta(seconds=settings.DOSSIER_LOOKUP_CLIENT_WINDOW_SECONDS)
    code_key, client_key = _code_key(code), client or "unknown"
    ends = [
        state.ends_at
        for state, limit in (
            (
                counter_state(scope=CODE_SCOPE, key=code_key, window=code_window, now=now),
                settings.DOSSIER_LOOKUP_CODE_FAILURES,
            ),
            (
                counter_state(scope=CLIENT_SCOPE, key=client_key, window=client_window, now=now),
                settings.DOSSIER_LOOKUP_CLIENT_FAILURES,
            ),
        )
        if state.count >= limit and state.ends_at is not None
    ]
    if ends:
        return FeedbackLookup(None, max(1, math.ceil((max(ends) - now).total_seconds())))
    found = _matching(code=code, secret=secret)
    if found is None:
        counter_add(scope=CODE_SCOPE, key=code_key, window=code_window, now=now)
        counter_add(scope=CLIENT_SCOPE, key=client_key, window=client_window, now=now)
    return FeedbackLookup(found)


def feedback_rate_by_citizen(
    *, case: FeedbackCase, secret: str, satisfaction: str, comment: str = ""
) -> FeedbackCase:
    """The citizen's own rating, proved by the case's secret (``feedback_rate``)."""
    return feedback_rate(
        actor=AnonymousUser(), case=case, satisfaction=satisfaction, comment=comment, secret=secret
    )
