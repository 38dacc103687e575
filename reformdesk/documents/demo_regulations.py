"""Demo regulations and commitments: filled in later in this branch."""

from __future__ import annotations


def seed() -> list[str]:
    return []
