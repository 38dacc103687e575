"""Demo internal regulations and the year's commitments at the seven communes of 1 July 2025.

Each commune has its working rules, office-culture rules and public reception rules (shown on the
portal's unit page), published and acknowledged by most of its officials; Xã Tân Kỳ has since
replaced its working rules with a new version that few have acknowledged yet. The province issues
the year's commitments for officials and for units; most officials and six of the seven chairs
have signed, and one breach is on record. The demo logins' officials have acknowledged nothing
new and signed nothing, so that the pages show them what is pending.

Deterministic (a fixed seed), idempotent (a commune that has regulations is skipped), and written
with bulk inserts.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from reformdesk.core.services.audit import audit_record
from reformdesk.core.text import fold
from reformdesk.documents.choices_regulations import (
    CommitmentEventKind,
    CommitmentKind,
    RegulationEventKind,
    RegulationKind,
    RegulationStatus,
)
from reformdesk.documents.models import (
    Commitment,
    CommitmentBreach,
    CommitmentEvent,
    CommitmentItem,
    CommitmentTemplate,
    RegulationAcknowledgement,
    RegulationEvent,
    RegulationVersion,
)
from reformdesk.documents.services.regulations import subjects_of
from reformdesk.org import demo_data as org_data
from reformdesk.org.choices import Role
from reformdesk.org.models import Membership, Official, Unit

SEED = 20201026
ACKNOWLEDGED_SHARE = 0.85
SIGNED_SHARE = 0.9

# (kind, title, public, body)
REGULATIONS = [
    (
        RegulationKind.WORKING_RULES,
        "Quy chế làm việc của Ủy ban nhân dân xã",
        False,
        "Chương I. Quy định chung\nĐiều 1. Phạm vi, đối tượng điều chỉnh: nguyên tắc, chế độ trách nhiệm, "
        "lề lối làm việc, quan hệ công tác của Ủy ban nhân dân xã.\nĐiều 2. Nguyên tắc làm việc: tập trung "
        "dân chủ, đề cao trách nhiệm cá nhân; mỗi việc chỉ giao một người phụ trách.",
    ),
    (
        RegulationKind.OFFICE_CULTURE,
        "Quy chế văn hóa công sở",
        False,
        "Điều 1. Trang phục gọn gàng, lịch sự; đeo thẻ công chức trong giờ làm việc.\n"
        "Điều 2. Giao tiếp với công dân văn minh, lịch sự, không gây phiền hà, sách nhiễu.\n"
        "Điều 3. Không hút thuốc lá, không uống rượu bia tại công sở.",
    ),
    (
        RegulationKind.OTHER,
        "Nội quy tiếp công dân",
        True,
        "1. Công dân đến tiếp được hướng dẫn tại phòng tiếp công dân, trụ sở Ủy ban nhân dân xã.\n"
        "2. Công dân xuất trình giấy tờ tùy thân, trình bày trung thực sự việc.\n"
        "3. Chủ tịch Ủy ban nhân dân xã tiếp công dân định kỳ sáng thứ Năm hằng tuần.",
    ),
]
NEW_WORKING_RULES = (
    "Quy chế làm việc của Ủy ban nhân dân xã (sửa đổi, bổ sung)",
    "Bổ sung Điều 5a: tiếp nhận, giải quyết hồ sơ không phụ thuộc địa giới hành chính trong tỉnh.",
)
ITEMS_OFFICIAL = [
    "Chấp hành nghiêm thời giờ làm việc; không đi muộn, về sớm, không làm việc riêng trong giờ hành chính.",
    "Đeo thẻ công chức, trang phục đúng quy định khi thi hành công vụ.",
    "Không gây phiền hà, sách nhiễu, tiêu cực trong giải quyết thủ tục hành chính.",
    "Giải quyết hồ sơ đúng hạn; trễ hạn phải có văn bản xin lỗi và hẹn lại.",
    "Thực hiện đúng Quy chế làm việc và Quy chế văn hóa công sở của đơn vị.",
]
ITEMS_UNIT = [
    "Niêm yết công khai, đầy đủ thủ tục hành chính tại Bộ phận Một cửa và trên Cổng dịch vụ công.",
    "Bố trí hòm thư góp ý, công khai số điện thoại đường dây nóng và lịch tiếp công dân.",
    "Không để hồ sơ trễ hạn không có văn bản xin lỗi; tỷ lệ hồ sơ đúng hạn từ 95% trở lên.",
]


def _moment(day: dt.date, rng: random.Random, now: dt.datetime) -> dt.datetime:
    at = timezone.make_aware(dt.datetime.combine(day, dt.time(rng.randint(7, 16), rng.randint(0, 59))))
    return min(at, now - dt.timedelta(hours=1))


def _demo_login_officials() -> set[int]:
    return set(Official.objects.filter(user__isnull=False).values_list("pk", flat=True))


def seed_regulations(*, communes: list[Unit], now: dt.datetime, rng: random.Random) -> int:
    """Versions, acknowledgements and their events; returns the number of versions written."""
    today = timezone.localtime(now).date()
    logins = _demo_login_officials()
    written = 0
    for index, unit in enumerate(communes):
        if RegulationVersion.objects.filter(unit=unit).exists():
            continue
        officials = subjects_of(unit=unit, on=today)
        effective_on = dt.date(2025, 7, 15) + dt.timedelta(days=index)
        published_at = _moment(effective_on - dt.timedelta(days=3), rng, now)
        versions = [
            RegulationVersion(
                unit=unit,
                kind=kind,
                title=title,
                effective_on=effective_on,
                decision_symbol=f"{rng.randint(10, 60):02d}/QĐ-UBND",
                body=body,
                is_public=public,
                status=RegulationStatus.PUBLISHED,
                published_at=published_at,
                created_at=published_at - dt.timedelta(hours=2),
                search_text=fold(f"{title} {body}"),
            )
            for kind, title, public, body in REGULATIONS
        ]
        RegulationVersion.objects.bulk_create(versions)
        versions = list(RegulationVersion.objects.filter(unit=unit).order_by("pk"))
        if index == 0:
            # Tân Kỳ replaced its working rules recently: few have acknowledged the new version.
            title, body = NEW_WORKING_RULES
            replacing_on = today - dt.timedelta(days=10)
            newest = RegulationVersion.objects.create(
                unit=unit,
                kind=RegulationKind.WORKING_RULES,
                title=title,
                effective_on=replacing_on,
                decision_symbol="112/QĐ-UBND",
                replaces=versions[0],
                body=body,
                status=RegulationStatus.PUBLISHED,
                published_at=_moment(replacing_on, rng, now),
                created_at=_moment(replacing_on, rng, now) - dt.timedelta(hours=2),
                search_text=fold(f"{title} {body}"),
            )
            versions.append(newest)
        events, acknowledgements = [], []
        for version in versions:
            assert version.published_at is not None
            events += [
                RegulationEvent(version=version, kind=RegulationEventKind.CREATED, at=version.created_at),
                RegulationEvent(version=version, kind=RegulationEventKind.PUBLISHED, at=version.published_at),
            ]
            share = 0.25 if version.replaces_id else ACKNOWLEDGED_SHARE
            for official in officials:
                if official.pk in logins and version.replaces_id:
                    continue
                if rng.random() >= share:
                    continue
                at = min(version.published_at + dt.timedelta(hours=rng.randint(1, 240)), now)
                acknowledgements.append(
                    RegulationAcknowledgement(version=version, official=official, acknowledged_at=at)
                )
                events.append(
                    RegulationEvent(
                        version=version,
                        kind=RegulationEventKind.ACKNOWLEDGED,
                        at=at,
                        actor_official=official,
                        data={"official": official.pk},
                    )
                )
        RegulationAcknowledgement.objects.bulk_create(acknowledgements, batch_size=500)
        RegulationEvent.objects.bulk_create(sorted(events, key=lambda e: e.at), batch_size=500)
        written += len(versions)
    return written


def seed_commitments(*, province: Unit, communes: list[Unit], now: dt.datetime, rng: random.Random) -> int:
    """The province's templates of the year, the communes' signatures, one breach; returns the
    number of commitments signed."""
    year = timezone.localtime(now).year
    if CommitmentTemplate.objects.filter(unit=province, year=year).exists():
        return 0
    today = timezone.localtime(now).date()
    logins = _demo_login_officials()
    issued_at = _moment(dt.date(year, 1, 2), rng, now)
    templates = {}
    for kind, title, items in (
        (
            CommitmentKind.OFFICIAL,
            f"Bản cam kết thực hiện kỷ luật, kỷ cương hành chính năm {year}",
            ITEMS_OFFICIAL,
        ),
        (CommitmentKind.UNIT, f"Bản cam kết của đơn vị về cải cách hành chính năm {year}", ITEMS_UNIT),
    ):
        template = CommitmentTemplate.objects.create(
            unit=province,
            year=year,
            kind=kind,
            title=title,
            preamble="Thực hiện Chỉ thị số 26/CT-TTg ngày 05/9/2016 của Thủ tướng Chính phủ về tăng cường "
            "kỷ luật, kỷ cương trong các cơ quan hành chính nhà nước các cấp, xin cam kết:",
            created_at=issued_at,
        )
        CommitmentItem.objects.bulk_create(
            [CommitmentItem(template=template, number=n, text=t) for n, t in enumerate(items, start=1)]
        )
        CommitmentEvent.objects.create(
            template=template, kind=CommitmentEventKind.TEMPLATE_CREATED, at=issued_at
        )
        templates[kind] = template
    commitments = []
    for index, unit in enumerate(communes):
        for official in subjects_of(unit=unit, on=today):
            if official.pk in logins or rng.random() >= SIGNED_SHARE:
                continue
            at = _moment(dt.date(year, 1, rng.randint(5, 25)), rng, now)
            commitments.append(
                Commitment(
                    template=templates[CommitmentKind.OFFICIAL],
                    unit=unit,
                    official=official,
                    signed_by=official,
                    signed_at=at,
                )
            )
        chair = (
            Membership.objects.active_on(today)
            .filter(unit=unit, role=Role.LEADER, official__position="Chủ tịch UBND xã")
            .exclude(official__in=logins)
            .select_related("official")
            .order_by("official__employee_code")
            .first()
        )
        if chair is not None and index != 0:
            commitments.append(
                Commitment(
                    template=templates[CommitmentKind.UNIT],
                    unit=unit,
                    official=None,
                    signed_by=chair.official,
                    signed_at=_moment(dt.date(year, 1, 10), rng, now),
                )
            )
    with transaction.atomic():
        Commitment.objects.bulk_create(commitments, batch_size=500)
        stored = list(Commitment.objects.filter(template__in=templates.values()).order_by("pk"))
        CommitmentEvent.objects.bulk_create(
            [
                CommitmentEvent(
                    template_id=c.template_id,
                    commitment=c,
                    kind=CommitmentEventKind.SIGNED,
                    at=c.signed_at,
                    actor_official_id=c.signed_by_id,
                )
                for c in stored
            ],
            batch_size=500,
        )
        breached = next(
            (c for c in stored if c.official_id is not None and c.unit_id == communes[-1].pk), None
        )
        if breached is not None:
            item = CommitmentItem.objects.get(template_id=breached.template_id, number=2)
            occurred_on = max(breached.signed_at.date(), today - dt.timedelta(days=20))
            breach = CommitmentBreach.objects.create(
                commitment=breached,
                item=item,
                occurred_on=occurred_on,
                description="Không đeo thẻ công chức khi đoàn kiểm tra công vụ đột xuất làm việc.",
                source="Kiểm tra công vụ đột xuất của Sở Nội vụ",
                recorded_at=now,
            )
            CommitmentEvent.objects.create(
                template_id=breached.template_id,
                commitment=breached,
                kind=CommitmentEventKind.BREACH_RECORDED,
                at=now,
                note=breach.description,
                data={"breach": breach.pk, "item": 2},
            )
    return len(stored)


def seed() -> list[str]:
    now = timezone.now()
    rng = random.Random(SEED)  # noqa: S311 - demo data, not security
    codes = [code for code, _name, _en in org_data.NEW_COMMUNES]
    by_code = {u.code: u for u in Unit.objects.filter(code__in=[*codes, org_data.PROVINCE[0]])}
    communes = [by_code[code] for code in codes if code in by_code]
    province = by_code.get(org_data.PROVINCE[0])
    if province is None or not communes:
        return []
    with transaction.atomic():
        versions = seed_regulations(communes=communes, now=now, rng=rng)
        signed = seed_commitments(province=province, communes=communes, now=now, rng=rng)
    if not versions and not signed:
        return []
    audit_record(
        actor=None,
        action="demo.load",
        object_type="documents.regulations",
        object_repr=f"{versions} regulation versions, {signed} commitments signed",
    )
    return [f"Regulations: {versions} versions; commitments: {signed} signed."]
