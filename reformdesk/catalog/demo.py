"""Seeds the demo catalog: 417 reference procedures, 12 demo ones, their versions and publication,
and the blank civil-status forms of their papers (:mod:`reformdesk.catalog.demo_forms`).

Deterministic and idempotent: rows are found by their natural keys (field code, national code,
version start, the publication's unique key) and only missing ones are inserted, in bulk. What is
fact and what is demo is listed in :mod:`reformdesk.catalog.demo_data`; the content of the main
procedures is in :mod:`reformdesk.catalog.demo_data_content` (per field) and
:mod:`reformdesk.catalog.demo_data_procedures` (per procedure).

The 2020 view reproduces the source report for Huyện Tân Kỳ on 26/10/2020 through
``catalog.statistics``: 375 procedures in scope, 282 on the portal (75.2 %), 36 at legacy level 3
and 339 at level 2.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal
from typing import Any

from reformdesk.catalog import demo_data as data
from reformdesk.catalog.cache import catalog_changed
from reformdesk.catalog.choices import Channel, OnlineLevel, PublicationPlace, StepKind
from reformdesk.catalog.demo_data_content import (
    DECIDED_AS_PUBLISHED,
    FIELD_CONTENT,
    FOREIGN_PAPERS,
    NO_FEE_DATA,
    FieldContent,
    Paper,
    ProcedureContent,
)
from reformdesk.catalog.demo_data_procedures import PROCEDURES
from reformdesk.catalog.demo_forms import seed_form_files
from reformdesk.catalog.models import (
    Field,
    FilingMethod,
    Procedure,
    ProcedureCase,
    ProcedureVersion,
    Publication,
    RequiredPaper,
    StepTemplate,
)
from reformdesk.catalog.services import procedure_search_text
from reformdesk.core.services.audit import audit_record
from reformdesk.org import demo_data as org_data
from reformdesk.org.choices import Role, UnitKind
from reformdesk.org.models import Unit

BATCH = 2000
# Usage counts for the portal's "most used" list (demo figures).
POPULARITY = {
    "2.000815": 3260,
    "1.001193": 1840,
    "2.000884": 1210,
    "1.004873": 690,
    "2.001035": 530,
    "1.000894": 420,
    "1.000656": 380,
    "2.000635": 300,
    "1.013978": 210,
    "1.001612": 150,
    "1.001776": 120,
}


@dataclass(frozen=True)
class Plan:
    """One procedure to seed, from the reference data or the demo list."""

    code: str
    name_vi: str
    field_vi: str
    at_province: bool
    at_district: bool
    at_commune: bool
    time_limit_days: Decimal | None
    fee_vnd: int | None
    decision_number: str
    until: dt.date | None  # demo procedures of the abolished district level end on 30/6/2025

    @property
    def is_demo(self) -> bool:
        return self.code.startswith("9.9")


def _plans() -> list[Plan]:
    plans = [
        Plan(
            row.national_code,
            row.name_vi,
            row.field_vi,
            False,
            False,
            True,
            row.time_limit_days,
            row.fee_vnd,
            row.decision_number,
            None,
        )
        for row in data.reference_rows()
    ]
    plans += [
        Plan(
            p.national_code,
            p.name_vi,
            p.field_vi,
            p.at_province,
            p.at_district,
            False,
            p.time_limit_days,
            None,
            data.DEMO_DECISION,
            p.until,
        )
        for p in data.DEMO_PROCEDURES
    ]
    return plans


def report_catalog() -> list[str]:
    """Codes in the former district's scope on the report date (district level + commune level)."""
    district_own = [p.national_code for p in data.DEMO_PROCEDURES if p.at_district]
    return sorted(data.history_codes() + district_own)


def legacy_levels(online: dict[str, str]) -> dict[str, int]:
    """Legacy online levels of the 2020 catalog: 36 at level 3 (the first with a full online level
    today, in code order), every other at level 2; the province's demo procedures at level 2."""
    in_2020 = report_catalog()
    level_3 = [code for code in in_2020 if online[code] == OnlineLevel.FULL][: data.REPORT_LEVEL_3]
    levels = dict.fromkeys(in_2020, 2)
    levels.update(dict.fromkeys(level_3, 3))
    for p in data.DEMO_PROCEDURES:
        levels.setdefault(p.national_code, 2)
    return levels


def late_on_portal(legacy: dict[str, int]) -> set[str]:
    """The 93 procedures of the 2020 catalog not yet on the portal on the report date (level 2 only:
    a level 3 service is on the portal by definition)."""
    candidates = sorted(
        (code for code in report_catalog() if legacy[code] == 2),
        key=lambda code: (data.stable_hash("portal-2020", code), code),
    )
    return set(candidates[: data.REPORT_IN_SCOPE - data.REPORT_ON_PORTAL])


# --- fields and procedures ---------------------------------------------------------------------


def seed_fields() -> dict[str, Field]:
    codes = data.field_codes()
    Field.objects.bulk_create(
        [
            Field(code=code, name_vi=name, sort_order=index)
            for index, (name, code) in enumerate(codes.items(), 1)
        ],
        ignore_conflicts=True,
    )
    by_code = Field.objects.in_bulk(list(codes.values()), field_name="code")
    return {name: by_code[code] for name, code in codes.items()}


def seed_procedures(plans: list[Plan], fields: dict[str, Field]) -> tuple[dict[str, Procedure], int]:
    online = {p.code: data.demo_online_level(p.code, p.field_vi) for p in plans}
    legacy = legacy_levels(online)
    existing = set(
        Procedure.objects.filter(national_code__in=[p.code for p in plans]).values_list(
            "national_code", flat=True
        )
    )
    rows = []
    for plan in plans:
        if plan.code in existing:
            continue
        procedure = Procedure(
            national_code=plan.code,
            local_code=f"{plan.code}.{data.PROVINCE_SUFFIX}",
            name_vi=plan.name_vi,
            field=fields[plan.field_vi],
            at_province=plan.at_province,
            at_district=plan.at_district,
            at_commune=plan.at_commune,
            online_level=online[plan.code],
            legacy_online_level=legacy.get(plan.code),
            is_active=plan.until is None,
            popularity=POPULARITY.get(
                plan.code, 0 if plan.is_demo else data.stable_hash("use", plan.code) % 60
            ),
        )
        procedure.search_text = procedure_search_text(procedure)
        rows.append(procedure)
    Procedure.objects.bulk_create(rows, batch_size=BATCH)
    by_code = Procedure.objects.in_bulk([p.code for p in plans], field_name="national_code")
    return by_code, len(rows)


# --- versions and their content ------------------------------------------------------------------


def split_days(limit: Decimal) -> list[Decimal]:
    """Working days of the four template steps (receive, assess, approve, return): they add up to
    exactly ``limit``, so the template always fits the legal time limit."""
    cent = Decimal("0.01")
    desk = min(Decimal("0.5"), (limit * Decimal("0.1")).quantize(cent, rounding=ROUND_DOWN))
    approve = (limit * Decimal("0.2")).quantize(cent, rounding=ROUND_DOWN)
    return [desk, limit - 2 * desk - approve, approve, desk]


def _step_rows(plan: Plan, content: FieldContent, days: Decimal) -> list[dict[str, Any]]:
    receive, assess, approve, give_back = split_days(days)
    if plan.at_commune and content.multi_level and days >= 20:
        names = (
            ("Tiếp nhận, kiểm tra hồ sơ tại Bộ phận Một cửa UBND xã", Role.ONE_STOP, UnitKind.COMMUNE),
            (
                f"{content.specialist} xác nhận, lập danh sách, chuyển hồ sơ",
                Role.SPECIALIST,
                UnitKind.COMMUNE,
            ),
            (
                "Cơ quan chuyên môn cấp tỉnh thẩm định, trình cấp có thẩm quyền quyết định",
                Role.LEADER,
                UnitKind.DEPARTMENT,
            ),
            ("Trả kết quả tại Bộ phận Một cửa UBND xã", Role.ONE_STOP, UnitKind.COMMUNE),
        )
        kinds = (StepKind.RECEIVE, StepKind.ASSESS, StepKind.APPROVE, StepKind.RETURN)
        # The province needs the bulk of the time here: swap the two middle shares.
        assess, approve = approve, assess
    elif plan.at_commune:
        names = (
            ("Tiếp nhận, kiểm tra hồ sơ tại Bộ phận Một cửa UBND xã", Role.ONE_STOP, UnitKind.COMMUNE),
            (f"{content.specialist} thẩm định, xử lý hồ sơ", Role.SPECIALIST, UnitKind.COMMUNE),
            ("Lãnh đạo UBND xã xem xét, ký duyệt kết quả", Role.LEADER, UnitKind.COMMUNE),
            ("Trả kết quả tại Bộ phận Một cửa UBND xã", Role.ONE_STOP, UnitKind.COMMUNE),
        )
        kinds = (StepKind.RECEIVE, StepKind.ASSESS, StepKind.SIGN, StepKind.RETURN)
    else:
        level = "tỉnh" if plan.at_province and not plan.at_district else "huyện"
        names = (
            (f"Tiếp nhận hồ sơ tại Bộ phận Một cửa cấp {level}", Role.ONE_STOP, UnitKind.SERVICE_CENTRE),
            ("Phòng, ban chuyên môn thẩm định hồ sơ", Role.SPECIALIST, UnitKind.DEPARTMENT),
            (
                f"Lãnh đạo UBND cấp {level} xem xét, ký duyệt",
                Role.LEADER,
                UnitKind.PROVINCE if level == "tỉnh" else UnitKind.DISTRICT,
            ),
            (f"Trả kết quả tại Bộ phận Một cửa cấp {level}", Role.ONE_STOP, UnitKind.SERVICE_CENTRE),
        )
        kinds = (StepKind.RECEIVE, StepKind.ASSESS, StepKind.SIGN, StepKind.RETURN)
    shares = (receive, assess, approve, give_back)
    return [
        {"kind": kind, "name_vi": name, "role": role, "unit_kind": unit_kind, "working_days": share}
        for kind, (name, role, unit_kind), share in zip(kinds, names, shares, strict=True)
    ]


def _days_text(days: Decimal) -> str:
    return f"{days.normalize():f}".replace(".", ",")


def _steps_text(steps: list[dict[str, Any]], names: list[str]) -> str:
    lines = []
    for index, name in enumerate(names, 1):
        step = steps[index - 1] if steps else None
        timing = f" ({_days_text(step['working_days'])} ngày làm việc)" if step else ""
        lines.append(f"Bước {index}. {name}{timing}.")
    lines.append(
        "Hồ sơ chưa đầy đủ, hợp lệ: Bộ phận Một cửa hướng dẫn bổ sung, hoàn thiện một lần bằng Phiếu "
        "yêu cầu bổ sung, hoàn thiện hồ sơ."
    )
    return "\n".join(lines)


@dataclass
class VersionPlan:
    plan: Plan
    version: ProcedureVersion
    full: bool  # full content (papers, steps, conditions…) or the reference record only


def _agencies(plan: Plan) -> tuple[str, str]:
    if plan.at_commune:
        return "Ủy ban nhân dân cấp xã", "Chủ tịch Ủy ban nhân dân cấp xã"
    if plan.at_district:
        return "Ủy ban nhân dân cấp huyện", "Chủ tịch Ủy ban nhân dân cấp huyện"
    return "Ủy ban nhân dân cấp tỉnh", "Chủ tịch Ủy ban nhân dân tỉnh hoặc cơ quan được phân cấp"


def _content(plan: Plan) -> tuple[FieldContent | None, ProcedureContent]:
    return FIELD_CONTENT.get(plan.field_vi), PROCEDURES.get(plan.code, ProcedureContent())


def _current_version(plan: Plan, procedure: Procedure) -> VersionPlan:
    field_content, content = _content(plan)
    implementing, deciding = _agencies(plan)
    decision = plan.decision_number
    basis = (
        f"Quyết định công bố thủ tục hành chính số {decision}"
        if not plan.is_demo
        else "Dữ liệu minh họa: thủ tục không có trong cơ sở dữ liệu quốc gia"
    )
    start = data.PLACEHOLDER_DECISION_DATE if not plan.is_demo else data.HISTORY_START
    version = ProcedureVersion(
        procedure=procedure,
        decision_number=decision,
        decision_date=start,
        effective_from=start,
        effective_to=plan.until,
        implementing_agency=implementing,
        deciding_agency=deciding,
    )
    if field_content is None:
        version.legal_basis = basis
        return VersionPlan(plan, version, full=False)
    version.applicant_types = list(content.applicants or field_content.applicants)
    version.conditions = content.conditions or field_content.conditions
    version.result = content.result or field_content.result
    version.legal_basis = "; ".join(
        part for part in (field_content.legal_basis, content.legal_extra, basis) if part
    )
    return VersionPlan(plan, version, full=True)


def _history_version(plan: Plan, procedure: Procedure) -> VersionPlan:
    implementing, deciding = _agencies(plan)
    version = ProcedureVersion(
        procedure=procedure,
        decision_number=data.HISTORY_DECISION,
        decision_date=data.HISTORY_START,
        effective_from=data.HISTORY_START,
        effective_to=data.DISTRICT_LAST_DAY,
        implementing_agency=implementing,
        deciding_agency=deciding,
        legal_basis="Dữ liệu minh họa: danh mục thủ tục năm 2020 tái dựng từ danh mục hiện hành.",
    )
    return VersionPlan(plan, version, full=False)


def _methods(vp: VersionPlan, history: bool) -> list[FilingMethod]:
    plan, version = vp.plan, vp.version
    field_content, content = _content(plan)
    time_text = content.time_text
    if plan.time_limit_days is None and not time_text:
        time_text = (field_content.time_text if field_content else "") or (
            f"{DECIDED_AS_PUBLISHED} Dữ liệu tham chiếu không ghi thời hạn theo ngày làm việc."
        )
    fee_text = content.fee_text
    if plan.fee_vnd is None and not fee_text:
        fee_text = field_content.fee_text if field_content else NO_FEE_DATA
    elif plan.fee_vnd == 0 and not fee_text:
        fee_text = "Không thu phí, lệ phí."
    common = {
        "version": version,
        "time_limit_days": plan.time_limit_days,
        "time_limit_text": time_text,
        "fee_vnd": plan.fee_vnd,
        "fee_unit": content.fee_unit if plan.fee_vnd else "",
        "fee_text": fee_text,
    }
    methods = [FilingMethod(channel=Channel.IN_PERSON, **common)]
    if not history and data.demo_online_level(plan.code, plan.field_vi) != OnlineLevel.NONE:
        methods.append(FilingMethod(channel=Channel.ONLINE, **common))
    return methods


def _papers(vp: VersionPlan) -> list[Paper]:
    field_content, content = _content(vp.plan)
    if not vp.full or field_content is None:
        return []
    papers = list(content.papers or field_content.papers)
    if "yếu tố nước ngoài" in vp.plan.name_vi and not content.papers:
        papers.insert(1, FOREIGN_PAPERS)
    return papers


def seed_versions(plans: list[Plan], procedures: dict[str, Procedure]) -> int:
    """Create the versions a procedure lacks, each with its channels, papers, cases and steps."""
    history = set(data.history_codes())
    have = set(
        ProcedureVersion.objects.filter(procedure__in=list(procedures.values())).values_list(
            "procedure__national_code", "effective_from"
        )
    )
    new: list[tuple[VersionPlan, bool]] = []
    for plan in plans:
        procedure = procedures[plan.code]
        current = _current_version(plan, procedure)
        if (plan.code, current.version.effective_from) not in have:
            new.append((current, False))
        if plan.code in history and (plan.code, data.HISTORY_START) not in have:
            new.append((_history_version(plan, procedure), True))
    if not new:
        return 0

    step_plans: dict[int, list[dict[str, Any]]] = {}
    for vp, is_history in new:
        field_content, content = _content(vp.plan)
        if vp.full and field_content is not None and not is_history:
            days = vp.plan.time_limit_days or content.step_days
            planned = _step_rows(vp.plan, field_content, days) if days is not None else []
            names = [s["name_vi"] for s in planned] or [
                s["name_vi"] for s in _step_rows(vp.plan, field_content, Decimal(1))
            ]
            vp.version.steps_text = _steps_text(planned, names)
            step_plans[id(vp)] = planned
    ProcedureVersion.objects.bulk_create([vp.version for vp, _ in new], batch_size=BATCH)

    methods: list[FilingMethod] = []
    papers: list[RequiredPaper] = []
    steps: list[StepTemplate] = []
    cases: list[ProcedureCase] = []
    for vp, is_history in new:
        methods += _methods(vp, is_history)
        if is_history:
            continue
        papers += [
            RequiredPaper(
                version=vp.version,
                name_vi=paper.name,
                form=paper.form,
                quantity=paper.quantity,
                is_required=paper.required,
                sort_order=index,
            )
            for index, paper in enumerate(_papers(vp), 1)
        ]
        steps += [
            StepTemplate(version=vp.version, order=index, **row)
            for index, row in enumerate(step_plans.get(id(vp), []), 1)
        ]
        _, content = _content(vp.plan)
        cases += [
            ProcedureCase(
                version=vp.version, name_vi=case.name, time_limit_days=case.time_limit_days, sort_order=i
            )
            for i, case in enumerate(content.cases, 1)
        ]
    FilingMethod.objects.bulk_create(methods, batch_size=BATCH)
    RequiredPaper.objects.bulk_create(papers, batch_size=BATCH)
    StepTemplate.objects.bulk_create(steps, batch_size=BATCH)
    ProcedureCase.objects.bulk_create(cases, batch_size=BATCH)
    return len(new)


# --- publication -----------------------------------------------------------------------------------


def _days_after(start: dt.date, *parts: str, spread: int) -> dt.date:
    return start + dt.timedelta(days=data.stable_hash(*parts) % spread)


def publication_rows(
    plans: list[Plan], procedures: dict[str, Procedure], units: dict[str, Unit]
) -> list[Publication]:
    """Every demo publication, in a fixed order (see the module docstring of demo_data)."""
    online = {p.code: data.demo_online_level(p.code, p.field_vi) for p in plans}
    late = late_on_portal(legacy_levels(online))
    rows: list[Publication] = []
    closed = data.TWO_TIER_START  # the old units' boards came down when the units ended

    def post(code: str, unit: Unit, place: str, on: dt.date, until: dt.date | None = None) -> None:
        rows.append(
            Publication(
                procedure=procedures[code], unit=unit, place=place, published_on=on, withdrawn_on=until
            )
        )

    def portal_2020(code: str, unit: Unit, eagerness: int = 0) -> dt.date:
        # The 93 "late" procedures reach the portal after the report date; a commune may have
        # published some of them earlier (``eagerness`` per cent), but since the first commune
        # published none, none of them is on the portal *everywhere* on the report date.
        if code in late and data.stable_hash("early", code, unit.code) % 100 >= eagerness:
            return data.REPORT_PORTAL_LATE[data.stable_hash("late", code) % 2]
        return _days_after(data.HISTORY_START, "portal-on", code, spread=290)  # by mid-October 2020

    district, district_desk = units[data.DISTRICT_CODE], units[data.DISTRICT_DESK_CODE]
    for p in data.DEMO_PROCEDURES:
        if p.at_district:
            post(p.national_code, district_desk, PublicationPlace.DESK, data.HISTORY_START, closed)
            post(
                p.national_code,
                district,
                PublicationPlace.PORTAL,
                portal_2020(p.national_code, district),
                closed,
            )
    for index, (code, *_rest) in enumerate(org_data.OLD_COMMUNES):
        commune = units[code]
        for procedure_code in data.history_codes():
            post(procedure_code, commune, PublicationPlace.DESK, data.HISTORY_START, closed)
            on_portal = portal_2020(procedure_code, commune, eagerness=3 * index)
            post(procedure_code, commune, PublicationPlace.PORTAL, on_portal, closed)

    province, province_desk = units[data.PROVINCE_CODE], units[data.PROVINCE_DESK_CODE]
    for p in data.DEMO_PROCEDURES:
        if p.at_province:
            post(p.national_code, province_desk, PublicationPlace.DESK, data.HISTORY_START)
            post(p.national_code, province, PublicationPlace.PORTAL, dt.date(2020, 3, 2))

    for index, (code, _name, _en) in enumerate(org_data.NEW_COMMUNES):
        commune = units[code]
        for plan in plans:
            if not plan.at_commune:
                continue
            if data.stable_hash("desk", plan.code, code) % 100 >= index % 3:
                post(plan.code, commune, PublicationPlace.DESK, data.TWO_TIER_START)
            offered_online = online[plan.code] != OnlineLevel.NONE
            if offered_online or data.stable_hash("portal", plan.code, code) % 100 < 55 + 6 * index:
                # Services offered online reach the portal within a month, the others within six.
                spread = 30 if offered_online else 180
                post(
                    plan.code,
                    commune,
                    PublicationPlace.PORTAL,
                    _days_after(data.TWO_TIER_START, "portal-on", plan.code, code, spread=spread),
                )
    return rows


def seed_publications(plans: list[Plan], procedures: dict[str, Procedure]) -> int:
    codes = [
        data.PROVINCE_CODE,
        data.PROVINCE_DESK_CODE,
        data.DISTRICT_CODE,
        data.DISTRICT_DESK_CODE,
        *(code for code, *_rest in org_data.OLD_COMMUNES),
        *(code for code, *_rest in org_data.NEW_COMMUNES),
    ]
    units = Unit.objects.in_bulk(codes, field_name="code")
    missing = sorted(set(codes) - set(units))
    if missing:
        raise RuntimeError(f"catalog demo: the org demo units are missing: {missing}")
    before = Publication.objects.count()
    Publication.objects.bulk_create(
        publication_rows(plans, procedures, units), batch_size=BATCH, ignore_conflicts=True
    )
    return Publication.objects.count() - before


def seed() -> list[str]:
    """The demo catalog (run by ``manage.py load_demo`` after the org demo)."""
    plans = _plans()
    fields = seed_fields()
    procedures, new_procedures = seed_procedures(plans, fields)
    new_versions = seed_versions(plans, procedures)
    new_publications = seed_publications(plans, procedures)
    new_form_files = seed_form_files()
    if new_procedures or new_versions or new_publications:
        catalog_changed()  # the seeding inserts in bulk, without signals
    if new_procedures or new_versions or new_publications or new_form_files:
        audit_record(
            actor=None,
            action="demo.load",
            object_type="catalog",
            object_repr=(
                f"{new_procedures} procedures, {new_versions} versions, {new_publications} publications, "
                f"{new_form_files} form files"
            ),
        )
    return [
        "",
        "Catalog statistics of the former Tân Kỳ district on the day of the report (282/375 = 75.2 %):",
        f"  http://127.0.0.1:8000/staff/catalog/statistics/?unit={data.DISTRICT_CODE}&on={data.REPORT_DATE}",
    ]
