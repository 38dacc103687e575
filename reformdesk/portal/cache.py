"""Cached pieces of the public search, rebuilt after any catalog write.

A piece is keyed by the catalog version (``catalog.cache``), the day (versions and notices come
into force and lapse by date), the active language and what it shows; the request's other parts
(the user, the CSRF token, the menus) are never inside a cached piece.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeVar
from urllib.parse import urlencode

from django.core.cache import caches
from django.utils import timezone
from django.utils.http import quote_etag
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from reformdesk.catalog.cache import catalog_version

CACHE_ALIAS = "portal"

T = TypeVar("T")

_request_version: ContextVar[str | None] = ContextVar("portal_catalog_version", default=None)


@contextmanager
def one_catalog_version() -> Iterator[None]:
    """Every piece built or read inside is keyed by one reading of the catalog version (one cache
    read per request, and no page made of pieces of two versions)."""
    token = _request_version.set(catalog_version())
    try:
        yield
    finally:
        _request_version.reset(token)


def piece_key(kind: str, params: Iterable[tuple[str, str]] = ()) -> str:
    """The cache key of one piece: ``kind`` names what it is, ``params`` what it shows."""
    digest = hashlib.sha256(urlencode(list(params)).encode()).hexdigest()[:32]
    day = timezone.localdate().isoformat()
    version = _request_version.get() or catalog_version()
    return f"portal:{kind}:{version}:{day}:{get_language() or 'vi'}:{digest}"


def piece_etag(kind: str, params: Iterable[tuple[str, str]] = ()) -> str:
    """An entity tag for a response that is exactly one piece."""
    return quote_etag(hashlib.sha256(piece_key(kind, params).encode()).hexdigest()[:32])


def cached_value(kind: str, params: Iterable[tuple[str, str]], build: Callable[[], T]) -> T:
    """The cached value of a piece, built (and kept) on a miss."""
    cache = caches[CACHE_ALIAS]
    key = piece_key(kind, params)
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value)
    return value


def cached_html(kind: str, params: Iterable[tuple[str, str]], build: Callable[[], str]) -> SafeString:
    """Rendered HTML of a piece (templates escape on render: the stored text is safe as is)."""
    return mark_safe(cached_value(kind, params, lambda: str(build())))
