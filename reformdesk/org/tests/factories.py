"""Factories for units and officials, with Vietnamese names (Faker vi_VN)."""

from __future__ import annotations

import factory
from django.contrib.auth.models import User

from reformdesk.org import services
from reformdesk.org.choices import OfficialCategory, Role, Scope, UnitKind
from reformdesk.org.models import Official, Unit


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"canbo{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.gov.vn")
    password = factory.django.Password("mat-khau-thu-nghiem")


_code_counter = iter(range(10, 10_000))


def make_unit(
    *, name: str, parent: Unit | None = None, kind: str = UnitKind.COMMUNE, code: str | None = None, **fields
) -> Unit:
    """A unit created through the service, so that its tree path is right."""
    if code is None:
        # Skip a code already taken: the shared tree spells out 000.00.30.H41 and others, and in a
        # random order the counter reaches them in a later test of the same database.
        code = next(
            candidate
            for candidate in (f"000.{n // 100 % 100:02d}.{n % 100:02d}.H41" for n in _code_counter)
            if not Unit.objects.filter(code=candidate).exists()
        )
    return services.unit_create(actor=None, parent=parent, code=code, kind=kind, name_vi=name, **fields)


class OfficialFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Official

    employee_code = factory.Sequence(lambda n: f"CB{n:05d}")
    full_name = factory.Faker("name", locale="vi_VN")
    position = "Công chức"
    category = OfficialCategory.CIVIL_SERVANT
    phone = factory.Sequence(lambda n: f"0912{n:06d}")


def make_official(
    *, unit: Unit, role: str = Role.SPECIALIST, scope: str = Scope.UNIT, username: str | None = None, **fields
) -> Official:
    """An official with a primary membership in ``unit`` (and a login when ``username`` is given)."""
    user = UserFactory(username=username) if username else None
    official = OfficialFactory.build(**fields)
    return services.official_create(
        actor=None,
        unit=unit,
        role=role,
        scope=scope,
        user=user,
        employee_code=official.employee_code,
        full_name=official.full_name,
        position=official.position,
        category=official.category,
        phone=official.phone,
        **{
            k: v
            for k, v in fields.items()
            if k not in {"employee_code", "full_name", "position", "category", "phone"}
        },
    )
