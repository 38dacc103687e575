"""The navigation menu, filled by each app in its AppConfig.ready().

Core knows nothing of units or roles: an app registers items with a ``visible`` test, and the
shell shows the items whose test passes for the current request. Items naming the same ``group``
are shown together as one drop-down menu, placed where the group's first item would be.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise


def always(request: HttpRequest) -> bool:
    return True


def staff_only(request: HttpRequest) -> bool:
    return request.user.is_authenticated


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    section: str  # "public" or "staff"
    order: int = 100
    visible: Callable[[HttpRequest], bool] = field(default=always)
    group: str | Promise = ""

    def url(self) -> str:
        return reverse(self.url_name)


_registry: list[NavItem] = []


def register(*items: NavItem) -> None:
    for item in items:
        if all(existing.url_name != item.url_name for existing in _registry):
            _registry.append(item)
    _registry.sort(key=lambda i: (i.section, i.order))


def items_for(request: HttpRequest, section: str) -> list[dict[str, object]]:
    """The visible items of ``section`` in order; grouped items as one entry with ``children``."""
    path = request.path
    result: list[dict[str, object]] = []
    groups: dict[str, dict[str, object]] = {}
    for item in _registry:
        if item.section != section or not item.visible(request):
            continue
        url = item.url()
        entry: dict[str, object] = {
            "label": item.label,
            "url": url,
            "active": path == url or (url != "/" and path.startswith(url)),
        }
        if not item.group:
            result.append(entry)
            continue
        key = str(item.group)
        group = groups.get(key)
        if group is None:
            group = groups[key] = {"label": item.group, "children": [], "active": False}
            result.append(group)
        children = group["children"]
        assert isinstance(children, list)
        children.append(entry)
        group["active"] = bool(group["active"]) or bool(entry["active"])
    return result
