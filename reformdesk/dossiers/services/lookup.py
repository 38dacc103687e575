"""The citizen's lookup as one write: the page and the API count wrong secrets in the same place.

Two counters in the database (``core.services.counters``), shared by every process and by both
entrances: wrong secrets per client address, and wrong secrets per dossier code across all
clients. Past either limit, the answer is "try later" for every secret except the receipt's own.

Why these numbers. The receipt's secret has 8 characters from a 31-character alphabet:
31^8 ≈ 8.5 × 10^11 values, beyond reach at any request rate, so it always opens its dossier and a
citizen holding the receipt is never locked out. The weak secret is the phone's last four digits:
10^4 values. Five wrong secrets per code in seven days give a distributed attacker, who can change
address at will, at most 5 × 52 = 260 guesses a year against one code: a 2.6 % chance over the
year or so a receipt stays open (``DOSSIER_LOOKUP_DAYS_AFTER_CLOSE``), for a page that shows no
personal data. A citizen who mistypes their digits five times keeps the QR code and the desk.
Twenty wrong secrets per address and hour stop one client from locking code after code (an
office behind one address mistypes far less), and cost a guesser who sticks to one address.
The counter is per code text, known or not, so "try later" tells nothing about which codes exist.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from reformdesk.core.services.counters import counter_add, counter_state
from reformdesk.dossiers.selectors import PublicDossier, dossier_lookup

# Requests per minute and client, the page and the API under one scope (one allowance for both):
# lookups are cheap to make and codes are guessable, so tighter than the catalog's limit.
LOOKUP_PER_MINUTE = 20
LOOKUP_SCOPE = "dossier_lookup"
CODE_SCOPE = "dossier_lookup.code"
CLIENT_SCOPE = "dossier_lookup.client"


@dataclass(frozen=True)
class LookupOutcome:
    found: PublicDossier | None
    retry_after: int = 0  # seconds; > 0: "try later", nothing was looked up with the phone digits


def _code_key(code: str) -> str:
    return "".join(code.split()).upper()[:32]


def dossier_lookup_attempt(*, code: str, secret: str, client: str | None) -> LookupOutcome:
    """Look a dossier up for a citizen, counting a wrong secret against the code and the client."""
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
    found = dossier_lookup(code=code, secret=secret, receipt_only=bool(ends))
    if found is not None:
        return LookupOutcome(found)
    if ends:
        return LookupOutcome(None, max(1, math.ceil((max(ends) - now).total_seconds())))
    counter_add(scope=CODE_SCOPE, key=code_key, window=code_window, now=now)
    counter_add(scope=CLIENT_SCOPE, key=client_key, window=client_window, now=now)
    return LookupOutcome(None)
