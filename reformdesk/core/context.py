"""Where the current request came from, for audit rows written deep inside services.

The middleware sets it per request; management commands and tasks leave it empty, and their
audit rows then carry the command's name as the origin instead of an IP address.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class Origin:
    ip: str | None = None
    user_agent: str = ""
    channel: str = "web"  # web, api, command, task


_origin: ContextVar[Origin] = ContextVar(
    "reformdesk_origin",
    default=Origin(channel="command"),  # noqa: B039 - Origin is a frozen dataclass
)


def current_origin() -> Origin:
    return _origin.get()


@contextmanager
def origin(value: Origin) -> Iterator[None]:
    token = _origin.set(value)
    try:
        yield
    finally:
        _origin.reset(token)
