"""The navigation menu, filled by each app in its AppConfig.ready().

Core knows nothing of units or roles: an app registers items with a ``visible`` test, and the
shell shows the items whose test passes for the current request.
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

    def url(self) -> str:
        return reverse(self.url_name)


_registry: list[NavItem] = []


def register(*items: NavItem) -> None:
    for item in items:
        if all(existing.url_name != item.url_name for existing in _registry):
            _registry.append(item)
    _registry.sort(key=lambda i: (i.section, i.order))


def items_for(request: HttpRequest, section: str) -> list[dict[str, object]]:
    path = request.path
    result = []
    for item in _registry:
        if item.section == section and item.visible(request):
            url = item.url()
            result.append(
                {
                    "label": item.label,
                    "url": url,
                    "active": path == url or (url != "/" and path.startswith(url)),
                }
            )
    return result
