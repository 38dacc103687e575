"""How the forms write dates, times, durations and the issuing unit's name.

Administrative documents write a day below 10 and the months January and February with a leading
zero ("ngày 04 tháng 12", "tháng 02"), other months without (Decree 30/2020/NĐ-CP, appendix I).

A unit's name is in capitals only in the letterhead (Decree 30/2020/NĐ-CP, appendix I, part I,
section II.2: the issuing body's name "bằng chữ in hoa"); inside a sentence it is written as a
name, the kind of unit in lower case and the place capitalised: "UBND xã Phú Sơn" (appendix II,
capitalisation of the names of bodies and of places).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from reformdesk.org.choices import UnitKind
from reformdesk.org.models import Unit

# The units a People's Committee governs are named after it: "Xã Phú Sơn" → "UBND XÃ PHÚ SƠN".
_COMMITTEE_KINDS = frozenset(
    {UnitKind.PROVINCE, UnitKind.DISTRICT, UnitKind.COMMUNE, UnitKind.WARD, UnitKind.TOWN}
)
# Words that open a unit's name and are not part of the place name in a date line.
_PLACE_PREFIXES = ("Thành phố ", "Thị trấn ", "Thị xã ", "Phường ", "Huyện ", "Quận ", "Tỉnh ", "Xã ")
BLANK = "…………"


def date_vi(day: dt.date | dt.datetime | None) -> str:
    """``ngày 04 tháng 12 năm 2025``; a blank to fill by hand when there is no date."""
    if day is None:
        return f"ngày {BLANK} tháng {BLANK} năm {BLANK}"
    if isinstance(day, dt.datetime):
        day = timezone.localtime(day).date()
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def moment_vi(moment: dt.datetime | None) -> str:
    """``09 giờ 00 phút, ngày 04 tháng 12 năm 2025`` in the server's time zone (Vietnam)."""
    if moment is None:
        return f"{BLANK} giờ {BLANK} phút, {date_vi(None)}"
    local = timezone.localtime(moment)
    return f"{local.hour:02d} giờ {local.minute:02d} phút, {date_vi(local)}"


def short_date_vi(moment: dt.datetime | dt.date | None) -> str:
    """``04/12/2025`` (the tracking book's cells); empty when there is no date."""
    if moment is None:
        return ""
    if isinstance(moment, dt.datetime):
        return f"{timezone.localtime(moment):%H:%M %d/%m/%Y}"
    return f"{moment:%d/%m/%Y}"


def working_days_vi(days: Decimal | None) -> str:
    """``3 ngày làm việc``, ``0,5 ngày làm việc`` (a decimal comma, as Vietnamese writes it)."""
    if days is None:
        return BLANK
    text = f"{days.normalize():f}".replace(".", ",")
    return f"{text} ngày làm việc"


def agency_name(unit: Unit) -> str:
    """The unit's name as a letterhead writes it: ``UBND XÃ PHÚ SƠN``, ``PHÒNG TƯ PHÁP``."""
    return agency_in_text(unit).upper()


def agency_in_text(unit: Unit) -> str:
    """The unit's name inside a sentence: ``UBND xã Phú Sơn``, ``Phòng Tư pháp``."""
    name = unit.name_vi
    if unit.kind not in _COMMITTEE_KINDS:
        return name
    # "Xã Phú Sơn" is the commune; its People's Committee is "UBND xã Phú Sơn".
    return f"UBND {name[:1].lower()}{name[1:]}"


def letterhead(unit: Unit) -> tuple[str, str]:
    """The two lines of the letterhead's left block: the body it answers to, above its own name.

    Decree 30/2020/NĐ-CP, appendix I, part I, section II.2 writes the directly managing body
    ("cơ quan, tổ chức chủ quản trực tiếp (nếu có)") in capitals above the issuing body, in bold
    capitals, with a short rule under it. A People's Committee has no managing body written above
    it (a province's committee does not write the Government, nor a commune's the committee above),
    so only a department or another unit under a committee gets the first line: "UBND XÃ PHÚ SƠN"
    above "PHÒNG TƯ PHÁP".
    """
    parent = unit.parent
    if unit.kind in _COMMITTEE_KINDS or parent is None:
        return ("", agency_name(unit))
    return (agency_name(parent), agency_name(unit))


def place_name(unit: Unit) -> str:
    """The place in the date line: ``Phú Sơn`` for Xã Phú Sơn; a department writes its parent's."""
    if unit.kind not in _COMMITTEE_KINDS and unit.parent is not None:
        return place_name(unit.parent)
    name = unit.name_vi
    for prefix in _PLACE_PREFIXES:
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name
