"""Paging written once: the API's ``limit``/``offset`` window and the pages' page number.

Both come from the address, so both must survive anything a client types: an offset of 2^63
once reached the database (a 500), ``?page=1e20`` a page's arithmetic.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Model, QuerySet
from django.http import HttpRequest
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

from reformdesk.core.services.audit import Actor, access_records, subject_of

# The largest offset or limit accepted: the database's 32-bit integer, far beyond any list here
# (a client that needs rows past it should filter). Bounded, a window always fits in SQL's
# 64-bit LIMIT and OFFSET.
MAX_OFFSET = 2**31 - 1
DEFAULT_LIMIT = 100
DEFAULT_MAX_LIMIT = 500


class PageIn(Schema):
    """``limit`` and ``offset`` of an API list. A ``limit`` above the endpoint's maximum gets
    that maximum; out of range, either is refused with a 422 naming it."""

    limit: int = Field(
        DEFAULT_LIMIT,
        ge=1,
        le=MAX_OFFSET,
        description="Items per page (above the endpoint's maximum, its maximum).",
    )
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description="Items to skip.")

    def window(self, max_limit: int) -> slice:
        return slice(self.offset, self.offset + min(self.limit, max_limit))


class LimitOffset(LimitOffsetPagination):
    """ninja's limit/offset pagination with bounded, documented parameters (``PageIn``)."""

    Input = PageIn  # type: ignore[assignment]

    def __init__(self, max_limit: int = DEFAULT_MAX_LIMIT, **kwargs: Any) -> None:
        super().__init__(max_limit=max_limit, **kwargs)

    def paginate_queryset(
        self, queryset: QuerySet[Any], pagination: Any, request: HttpRequest, **params: Any
    ) -> dict[str, Any]:
        page: PageIn = pagination
        return {
            self.items_attribute: queryset[page.window(int(self.max_limit))],
            "count": self._items_count(queryset),
        }


def page_number(value: str | None, *, per_page: int) -> int:
    """The page number an address asks for, read as Django's ``Paginator.get_page`` reads it:
    not a whole number (``1e20``, ``abc``) is the first page; a whole number is kept, but none
    starts past ``MAX_OFFSET`` rows (so large it is past the last page, which the caller gives)."""
    try:
        number = int(value or 1)
    except ValueError:
        return 1
    return min(number, MAX_OFFSET // per_page + 1)


class AccessLogged:
    """A list endpoint's rows whose served window is a read of personal data: slicing it (as the
    paginator does) writes one ``AccessLog`` row per row returned, in one query. Counting reads
    nothing personal and writes nothing. ``convert`` turns each row into what the endpoint returns.
    """

    def __init__(
        self,
        queryset: QuerySet[Any],
        *,
        actor: Actor,
        purpose: str,
        convert: Callable[[Any], Any] | None = None,
        subject: Callable[[Any], Model] | None = None,
    ) -> None:
        self.queryset = queryset
        self.actor = actor
        self.purpose = purpose
        self.convert = convert
        self.subject = subject

    def count(self) -> int:
        return int(self.queryset.count())

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, window: slice) -> list[Any]:
        rows = list(self.queryset[window])
        subjects = [self.subject(row) if self.subject else row for row in rows]
        access_records(actor=self.actor, subjects=[subject_of(s) for s in subjects], purpose=self.purpose)
        return [self.convert(row) for row in rows] if self.convert else rows
