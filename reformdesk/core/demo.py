"""Demo data, seeded by each app in dependency order through ``manage.py load_demo``.

Core cannot import the apps above it, so each app registers its seeder in ``AppConfig.ready``
with an order number (org 10, worktime 20, catalog 30…). Seeders must be deterministic and
idempotent: running ``load_demo`` twice leaves the same data as running it once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Seeder:
    order: int
    name: str
    run: Callable[[], list[str]]  # returns lines to print (e.g. the demo logins)


_seeders: dict[str, Seeder] = {}


def register(*, order: int, name: str, run: Callable[[], list[str]]) -> None:
    _seeders[name] = Seeder(order, name, run)


def seeders() -> list[Seeder]:
    return sorted(_seeders.values(), key=lambda s: (s.order, s.name))
