"""Who a device PIN is: mapping PINs to officials, from the devices' USER lines or by hand."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reformdesk.attendance.choices import PersonSource
from reformdesk.attendance.models import Device, DevicePerson, Punch
from reformdesk.attendance.receiver import PIN_RE, UserLine
from reformdesk.attendance.selectors import officials_of_unit
from reformdesk.core.services.audit import Actor, audit_record
from reformdesk.org.models import Official, Unit
from reformdesk.org.permissions import Perm, require


def fold_name(text: str) -> str:
    """Lower case without accents, "Đ" as "d": names typed on a device keypad rarely carry marks."""
    text = text.replace("Đ", "D").replace("đ", "d")
    decomposed = unicodedata.normalize("NFD", text)
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).lower().split())


def unit_officials(*, unit: Unit) -> list[Official]:
    return list(officials_of_unit(unit=unit))


def _match(officials: list[Official], pin: str, name: str) -> Official | None:
    """The official a device record stands for: same employee code, else the only same name."""
    for official in officials:
        if official.employee_code == pin:
            return official
    folded = fold_name(name)
    same = [o for o in officials if folded and fold_name(o.full_name) == folded]
    return same[0] if len(same) == 1 else None


def punches_backfill(*, unit: Unit, pin: str, official: Official | None) -> int:
    """Point the unit's punches of ``pin`` at ``official`` (also those stored before the mapping)."""
    return Punch.objects.filter(unit=unit, pin=pin).exclude(official=official).update(official=official)


def people_from_device(*, device: Device, users: Iterable[UserLine]) -> int:
    """Record the USER lines of an approved device. A mapping made by hand is never overwritten."""
    assert device.unit is not None
    unit = device.unit
    users = list({u.pin: u for u in users}.values())
    if not users:
        return 0
    existing = {p.pin: p for p in DevicePerson.objects.filter(unit=unit, pin__in=[u.pin for u in users])}
    officials = unit_officials(unit=unit)
    now = timezone.now()
    for user in users:
        person = existing.get(user.pin)
        if person is None:
            official = _match(officials, user.pin, user.name)
            DevicePerson.objects.create(
                unit=unit,
                pin=user.pin,
                official=official,
                name_on_device=user.name,
                source=PersonSource.DEVICE,
                source_device=device,
                updated_at=now,
            )
            if official is not None:
                punches_backfill(unit=unit, pin=user.pin, official=official)
            continue
        fields = []
        if person.name_on_device != user.name:
            person.name_on_device = user.name
            fields.append("name_on_device")
        if person.official_id is None and person.source == PersonSource.DEVICE:
            official = _match(officials, user.pin, user.name)
            if official is not None:
                person.official = official
                fields.append("official")
                punches_backfill(unit=unit, pin=user.pin, official=official)
        if fields:
            person.updated_at = now
            person.save(update_fields=[*fields, "updated_at"])
    return len(users)


@transaction.atomic
def person_map(*, actor: Actor, unit: Unit, pin: str, official: Official | None) -> DevicePerson:
    """Say by hand who ``pin`` is at ``unit`` (None: not known); existing punches follow."""
    if actor is not None:
        require(actor, Perm.MANAGE_DEVICE_PEOPLE, unit)
    pin = pin.strip()
    if not PIN_RE.match(pin):
        raise ValidationError({"pin": _("Mã chấm công chỉ gồm chữ, số, dấu chấm, gạch; tối đa 32 ký tự.")})
    if official is not None and official.pk not in {o.pk for o in unit_officials(unit=unit)}:
        raise ValidationError({"official": _("Cán bộ này không công tác tại đơn vị.")})
    person = DevicePerson.objects.select_for_update().filter(unit=unit, pin=pin).first()
    old = person.official_id if person else None
    if person is None:
        person = DevicePerson.objects.create(unit=unit, pin=pin, official=official, source=PersonSource.HAND)
    else:
        person.official = official
        person.source = PersonSource.HAND
        person.updated_at = timezone.now()
        person.save(update_fields=["official", "source", "updated_at"])
    moved = punches_backfill(unit=unit, pin=pin, official=official)
    audit_record(
        actor=actor,
        action="device_person.map",
        obj=person,
        changes={"official": [old, official.pk if official else None], "punches": [None, moved]},
    )
    return person
