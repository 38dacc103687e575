"""Seeds the demo unit tree and about 300 officials. Deterministic and idempotent."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.contrib.auth.models import User
from django.db.models import Q

from reformdesk.core.services.audit import audit_record
from reformdesk.org import demo_data as data
from reformdesk.org import services
from reformdesk.org.choices import Role, Scope, SuccessionKind, UnitKind
from reformdesk.org.models import Membership, Official, ReceptionSlot, Unit, UnitSuccession

SEED = 20201026  # the date of the source report, so the same names come out every time


def _unit(code: str, name: str, kind: str, parent: Unit | None, **fields: Any) -> Unit:
    existing = Unit.objects.filter(code=code).first()
    if existing is not None:
        return existing
    return services.unit_create(actor=None, parent=parent, code=code, name_vi=name, kind=kind, **fields)


def _hotline(code: str) -> str:
    digits = code.replace(".", "")[:7]
    return f"0238 3{int(digits) % 1000:03d} {int(digits[-4:]) % 1000:03d}"


def seed_units() -> dict[str, Unit]:
    units: dict[str, Unit] = {}
    code, name, name_en = data.PROVINCE
    province = _unit(
        code,
        name,
        UnitKind.PROVINCE,
        None,
        name_en=name_en,
        statistical_code="40",
        address="Số 03 đường Trường Thi, thành phố Vinh, Nghệ An",
        hotline="0238 3844 733",
        sort_order=0,
    )
    units[code] = province
    for code, name, kind in data.PROVINCIAL_BODIES:
        units[code] = _unit(code, name, kind, province)

    code, name, name_en = data.DISTRICT
    district = _unit(
        code,
        name,
        UnitKind.DISTRICT,
        province,
        name_en=name_en,
        valid_to=data.DISTRICT_END,
        address="Thị trấn Tân Kỳ, huyện Tân Kỳ, Nghệ An",
        hotline=_hotline(code),
    )
    units[code] = district
    for code, name, kind in data.DISTRICT_OFFICES:
        units[code] = _unit(code, name, kind, district, valid_to=data.DISTRICT_END)
    for code, name, kind, _successor in data.OLD_COMMUNES:
        units[code] = _unit(code, name, kind, district, valid_to=data.DISTRICT_END, hotline=_hotline(code))

    for index, (code, name, name_en) in enumerate(data.NEW_COMMUNES):
        units[code] = _unit(
            code,
            name,
            UnitKind.COMMUNE,
            province,
            name_en=name_en,
            valid_from=data.TWO_TIER_START,
            address=f"Trụ sở UBND {name[0].lower()}{name[1:]}, tỉnh Nghệ An",
            phone=f"0238 3882 {100 + index:03d}",
            hotline=_hotline(code),
            sort_order=index + 1,
        )

    by_name = {name: units[code] for code, name, _en in data.NEW_COMMUNES}
    if not UnitSuccession.objects.filter(successor__code=data.NEW_COMMUNES[0][0]).exists():
        for code, name, _kind, successor_name in data.OLD_COMMUNES:
            basis = data.MERGE_BASIS
            if name in data.UNCONFIRMED_PATHS:
                basis += " (qua lần sáp nhập năm 2024, chưa xác minh)"
            services.unit_record_succession(
                actor=None,
                predecessors=[units[code]],
                successor=by_name[successor_name],
                kind=SuccessionKind.MERGE,
                effective_on=data.TWO_TIER_START,
                legal_basis=basis,
            )
    return units


class _Names:
    def __init__(self) -> None:
        self.random = random.Random(SEED)  # noqa: S311 - demo names, not security
        self.used: set[str] = set()

    def next(self) -> str:
        while True:
            female = self.random.random() < 0.5
            name = " ".join(
                [
                    self.random.choice(data.FAMILY_NAMES),
                    self.random.choice(data.FEMALE_MIDDLE if female else data.MALE_MIDDLE),
                    self.random.choice(data.FEMALE_GIVEN if female else data.MALE_GIVEN),
                ]
            )
            if name not in self.used:
                self.used.add(name)
                return name


def _plan(units: dict[str, Unit]) -> list[dict[str, Any]]:
    """Every demo official as a dict, in a fixed order."""
    people: list[dict[str, Any]] = []
    for code, _name, _en in data.NEW_COMMUNES:
        for position, job_title, category, role, count in data.COMMUNE_POSITIONS:
            people += [
                {
                    "unit": units[code],
                    "position": position,
                    "job_title": job_title,
                    "category": category,
                    "role": role,
                    "valid_from": data.TWO_TIER_START,
                    "valid_to": None,
                }
            ] * count
    for code, position, category, role, count in data.DISTRICT_POSITIONS:
        people += [
            {
                "unit": units[code],
                "position": position,
                "job_title": "",
                "category": category,
                "role": role,
                "valid_from": dt.date(2020, 1, 1),
                "valid_to": data.DISTRICT_END,
            }
        ] * count
    for code, position, category, role, count in data.PROVINCE_POSITIONS:
        people += [
            {
                "unit": units[code],
                "position": position,
                "job_title": "",
                "category": category,
                "role": role,
                "valid_from": dt.date(2020, 1, 1),
                "valid_to": None,
            }
        ] * count
    return people


def seed_officials(units: dict[str, Unit]) -> int:
    names = _Names()
    rng = random.Random(SEED + 1)  # noqa: S311
    officials, memberships = [], []
    for index, person in enumerate(_plan(units), start=1):
        employee_code = f"NA{index:05d}"
        is_leader = person["role"] == Role.LEADER
        officials.append(
            Official(
                employee_code=employee_code,
                full_name=names.next(),
                position=person["position"],
                job_title=person["job_title"],
                category=person["category"],
                phone=f"09{rng.randint(12, 89)} {rng.randint(100, 999)} {rng.randint(100, 999)}",
                email=f"{employee_code.lower()}@nghean.gov.vn",
                on_hotline_board=is_leader,
                is_active=person["valid_to"] is None,
            )
        )
        memberships.append((employee_code, person))
    Official.objects.bulk_create(officials, ignore_conflicts=True)
    by_code = {o.employee_code: o for o in Official.objects.filter(employee_code__startswith="NA")}
    Membership.objects.bulk_create(
        [
            Membership(
                official=by_code[code],
                unit=p["unit"],
                role=p["role"],
                scope=Scope.SUBTREE if p["role"] in {Role.REFORM, Role.INSPECTOR} else Scope.UNIT,
                is_primary=True,
                valid_from=p["valid_from"],
                valid_to=p["valid_to"],
            )
            for code, p in memberships
        ],
        ignore_conflicts=True,
    )
    return len(officials)


def seed_leaders_and_reception(units: dict[str, Unit]) -> None:
    chair_rows = Membership.objects.filter(
        official__position="Chủ tịch UBND xã", role=Role.LEADER, is_primary=True
    ).select_related("official")
    chairs = {m.unit_id: m.official for m in chair_rows}
    for unit in units.values():
        chair = chairs.get(unit.pk)
        if chair is not None and unit.leader_id != chair.pk:
            services.unit_update(actor=None, unit=unit, leader=chair)
        if chair is not None and not unit.reception_slots.exists():
            # Commune chairs receive citizens at least one day a week (Law on Citizen Reception, Art. 18).
            ReceptionSlot.objects.create(
                unit=unit,
                weekday=3,
                start_time=dt.time(7, 30),
                end_time=dt.time(11, 30),
                host=chair,
                location="Phòng tiếp công dân, trụ sở UBND xã",
            )
    province = units[data.PROVINCE[0]]
    if not province.reception_slots.exists():
        ReceptionSlot.objects.create(
            unit=province,
            weekday=3,
            week_of_month=2,
            start_time=dt.time(8, 0),
            end_time=dt.time(11, 30),
            location="Trụ sở Tiếp công dân tỉnh Nghệ An",
            note="Chủ tịch UBND tỉnh tiếp công dân định kỳ",
        )


def seed_logins(units: dict[str, Unit]) -> list[str]:
    lines = []
    admin, created = User.objects.get_or_create(
        username="admin", defaults={"is_superuser": True, "is_staff": True, "email": "admin@nghean.gov.vn"}
    )
    if created:
        admin.set_password(data.DEMO_PASSWORD)
        admin.save(update_fields=["password"])
    lines.append(
        f"  admin / {data.DEMO_PASSWORD}  (system administrator; asks you to set up two-factor sign-in)"
    )
    for username, code, position, role, scope, also in data.DEMO_LOGINS:
        user, created = User.objects.get_or_create(
            username=username, defaults={"email": f"{username}@nghean.gov.vn"}
        )
        if created:
            user.set_password(data.DEMO_PASSWORD)
            user.save(update_fields=["password"])
        official = (
            Official.objects.filter(
                Q(position=position) | Q(job_title=position),
                memberships__unit=units[code],
                user__isnull=True,
                memberships__role=role,
            )
            .order_by("employee_code")
            .first()
        )
        if not hasattr(user, "official"):
            if official is None:
                raise RuntimeError(f"demo data: no free {position!r} in {code} for the login {username!r}")
            services.official_update(actor=None, official=official, user=user)
            if scope == Scope.SUBTREE:
                Membership.objects.filter(official=official, unit=units[code]).update(scope=Scope.SUBTREE)
            if also:
                services.membership_add(
                    actor=None,
                    official=official,
                    unit=units[also[0]],
                    role=also[1],
                    scope=scope,
                    valid_from=data.TWO_TIER_START,
                )
        unit_name = units[code].name_vi
        lines.append(f"  {username} / {data.DEMO_PASSWORD}  ({position}, {unit_name})")
    return lines


def seed() -> list[str]:
    units = seed_units()
    count = seed_officials(units)
    seed_leaders_and_reception(units)
    logins = seed_logins(units)
    audit_record(
        actor=None,
        action="demo.load",
        object_type="org",
        object_repr=f"{len(units)} units, {count} officials",
    )
    return ["", "Demo logins (http://127.0.0.1:8000/login/):", *logins]
