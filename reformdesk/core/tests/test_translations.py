"""English must be complete: every catalogue entry translated, none fuzzy, and the compiled .mo
files (committed, so a fresh machine needs no gettext tools) in step with their .po sources."""

from __future__ import annotations

import ast
import gettext
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CATALOGUES = sorted(ROOT.glob("**/locale/en/LC_MESSAGES/django.po"))


@dataclass
class Entry:
    context: str | None = None
    msgid: str = ""
    plural: str | None = None
    strings: dict[int, str] = field(default_factory=dict)
    fuzzy: bool = False


def parse_po(path: Path) -> list[Entry]:
    entries: list[Entry] = []
    current = Entry()
    target: tuple[str, int] | None = None

    def flush() -> None:
        nonlocal current
        if current.msgid or current.strings:
            entries.append(current)
        current = Entry()

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            flush()
            target = None
        elif line.startswith("#,"):
            current.fuzzy = "fuzzy" in line
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            value = ast.literal_eval(line)
            assert target is not None, f"{path}: continuation line without a keyword"
            kind, index = target
            if kind == "msgstr":
                current.strings[index] += value
            else:
                setattr(current, kind, (getattr(current, kind) or "") + value)
        else:
            keyword, _, rest = line.partition(" ")
            value = ast.literal_eval(rest)
            if keyword == "msgctxt":
                current.context, target = value, ("context", 0)
            elif keyword == "msgid":
                current.msgid, target = value, ("msgid", 0)
            elif keyword == "msgid_plural":
                current.plural, target = value, ("plural", 0)
            elif keyword.startswith("msgstr"):
                index = int(keyword[7:-1]) if "[" in keyword else 0
                current.strings[index], target = value, ("msgstr", index)
    flush()
    return [e for e in entries if e.msgid]  # the header has an empty msgid


def test_there_is_an_english_catalogue():
    assert ROOT / "locale/en/LC_MESSAGES/django.po" in CATALOGUES


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_entry_is_translated_and_none_is_fuzzy(po):
    problems = [e.msgid for e in parse_po(po) if e.fuzzy or not all(e.strings.values()) or not e.strings]
    assert problems == []


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_compiled_catalogue_matches_its_source(po):
    with po.with_suffix(".mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for entry in parse_po(po):
        if entry.plural is None:
            key = entry.msgid if entry.context is None else f"{entry.context}\x04{entry.msgid}"
            assert compiled._catalog.get(key) == entry.strings[0], entry.msgid  # type: ignore[attr-defined]
        else:
            assert compiled.ngettext(entry.msgid, entry.plural, 1) == entry.strings[0], entry.msgid
