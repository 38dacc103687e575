"""Catalog objects for tests, made through the services so that search text and audit rows are right."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from reformdesk.catalog import services
from reformdesk.catalog.choices import Channel
from reformdesk.catalog.models import Field, Procedure, ProcedureVersion


def make_field(code: str = "LV001", name: str = "Hộ tịch") -> Field:
    return services.field_upsert(actor=None, code=code, name_vi=name)


def make_procedure(
    code: str = "1.001193", name: str = "Thủ tục đăng ký khai sinh", field: Field | None = None, **fields
) -> Procedure:
    fields.setdefault("at_commune", True)
    return services.procedure_create(
        actor=None, national_code=code, name_vi=name, field=field or make_field(), **fields
    )


def make_version(
    procedure: Procedure,
    *,
    days: str | None = "3",
    start: dt.date = dt.date(2025, 7, 1),
    end: dt.date | None = None,
    number: str = "163/QĐ-BTP",
) -> ProcedureVersion:
    version = services.version_create(
        actor=None,
        procedure=procedure,
        decision_number=number,
        decision_date=start,
        effective_from=start,
        effective_to=end,
    )
    if days is not None:
        services.filing_methods_set(
            actor=None,
            version=version,
            methods=[{"channel": Channel.IN_PERSON, "time_limit_days": Decimal(days)}],
        )
    return version
