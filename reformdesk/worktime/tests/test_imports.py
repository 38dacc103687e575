"""Other apps read working time through ``worktime.selectors`` only, never its internals.

``worktime.arithmetic`` (the pure functions over a calendar) and ``worktime.calendar`` (building
and caching a unit's calendar) may change shape freely as long as the selectors keep their
promises; a module elsewhere that imports them directly would break silently, or read a calendar
past its cache. The imports are read from the source with ``ast``, so a new module is checked the
day it is added.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2]  # reformdesk/
INTERNALS = frozenset({"reformdesk.worktime.arithmetic", "reformdesk.worktime.calendar"})
# The apps held to the rule. Tests and migrations may read the internals (tests check them).
APPS = ("dossiers",)
# (module, imported name) pairs that must stay, each with its reason. Empty: the selectors
# re-export what others need (VN_TZ, to_vn, WorkClock).
ALLOWED: dict[tuple[str, str], str] = {}


def _modules(app: str) -> list[Path]:
    root = PACKAGE / app
    return sorted(
        path
        for path in root.rglob("*.py")
        if not {"tests", "migrations"} & set(path.relative_to(root).parts[:-1])
    )


def internal_imports(source: str) -> list[tuple[int, str]]:
    """``(line, module)`` of every import of a worktime internal in ``source``: ``import a.b``,
    ``from a.b import x`` and ``from reformdesk.worktime import arithmetic`` alike."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names if alias.name in INTERNALS]
        elif isinstance(node, ast.ImportFrom) and node.module:
            if node.module in INTERNALS:
                found += [(node.lineno, f"{node.module}.{alias.name}") for alias in node.names]
            found += [
                (node.lineno, f"{node.module}.{alias.name}")
                for alias in node.names
                if f"{node.module}.{alias.name}" in INTERNALS
            ]
    return found


def test_the_check_finds_every_form_of_import():
    source = (
        "import reformdesk.worktime.arithmetic\n"
        "from reformdesk.worktime.calendar import calendar_for_unit\n"
        "from reformdesk.worktime import arithmetic, selectors\n"
        "def later():\n"
        "    from reformdesk.worktime import calendar as cal\n"
        "from reformdesk.worktime.selectors import VN_TZ, due_at\n"
        "from reformdesk.worktime import selectors as worktime\n"
    )
    assert sorted(internal_imports(source)) == [
        (1, "reformdesk.worktime.arithmetic"),
        (2, "reformdesk.worktime.calendar.calendar_for_unit"),
        (3, "reformdesk.worktime.arithmetic"),
        (5, "reformdesk.worktime.calendar"),
    ]


@pytest.mark.parametrize("app", APPS)
def test_apps_read_working_time_through_the_selectors_only(app):
    modules = _modules(app)
    assert len(modules) > 20  # the walk found the app's modules
    offenders = []
    for path in modules:
        module = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        for line, name in internal_imports(path.read_text(encoding="utf-8")):
            if (module, name) not in ALLOWED:
                offenders.append(f"{path.relative_to(PACKAGE.parent)}:{line} imports {name}")
    assert offenders == []
