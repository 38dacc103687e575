"""Permission questions core asks without knowing about units and roles.

Core sits below org in the dependency order, so it cannot import org's permission rules. Org
plugs them in at start-up (``OrgConfig.ready``) through :func:`install`; until then, only
superusers are allowed anything.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

# (user, permission code such as "core.view_audit", unit or None) -> bool
PermChecker = Callable[[Any, str, Any], bool]
# user -> bool: must this user pass a second factor to sign in?
TwoFactorRule = Callable[[Any], bool]


def _superuser_only(user: Any, perm: str, unit: Any = None) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_superuser", False))


_checker: PermChecker = _superuser_only
_two_factor_rules: list[TwoFactorRule] = []


def install(*, checker: PermChecker, two_factor_rule: TwoFactorRule | None = None) -> None:
    global _checker
    _checker = checker
    if two_factor_rule is not None and two_factor_rule not in _two_factor_rules:
        _two_factor_rules.append(two_factor_rule)


def allowed(user: Any, perm: str, unit: Any = None) -> bool:
    return _checker(user, perm, unit)


def require(user: Any, perm: str, unit: Any = None) -> None:
    if not allowed(user, perm, unit):
        raise PermissionDenied(_("Bạn không có quyền thực hiện thao tác này."))


def two_factor_required(user: Any) -> bool:
    """Administrators must use a second factor; other staff may choose to."""
    if not getattr(user, "is_authenticated", False):
        return False
    if getattr(user, "is_superuser", False):
        return True
    return any(rule(user) for rule in _two_factor_rules)
