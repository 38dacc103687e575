"""Intake: receipt with code and appointment, one supplement request, refusal, numbering."""

from __future__ import annotations

import re
import uuid

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reformdesk.catalog.choices import Channel
from reformdesk.core.models import AuditEvent
from reformdesk.dossiers.choices import EventKind, Outcome, PaperState, Status
from reformdesk.dossiers.models import DailyCounter, Dossier
from reformdesk.dossiers.services import (
    ActionNotAllowed,
    dossier_accept,
    dossier_receive,
    dossier_receive_supplement,
    dossier_refuse,
    dossier_submit_online,
)
from reformdesk.dossiers.tests.factories import applicant, desk_procedure, vn
from reformdesk.worktime import arithmetic
from reformdesk.worktime import selectors as worktime

pytestmark = pytest.mark.django_db


def receive(desk, personas, tree, *, at=None, papers=None, **kwargs):
    return dossier_receive(
        actor=personas.one_stop_a,
        unit=kwargs.pop("unit", tree.commune_a),
        procedure=desk.procedure,
        applicant=kwargs.pop("applicant", applicant()),
        submitted_papers=desk.required_ids if papers is None else papers,
        at=at or vn(2025, 12, 1, 9),
        **kwargs,
    )


def test_a_complete_dossier_is_received_with_code_appointment_and_steps(desk, personas, tree):
    dossier = receive(desk, personas, tree)

    assert dossier.code == "000.30.31.H41-251201-0001"
    assert dossier.status == Status.RECEIVED
    assert dossier.received_at == vn(2025, 12, 1, 9)
    # 3 working days of 8 hours from Monday 09:00: Thursday 09:00.
    assert dossier.due_at == vn(2025, 12, 4, 9)
    assert len(dossier.secret) == 8
    steps = list(dossier.steps.order_by("order").values_list("order", "due_at", "finished_at", "outcome"))
    assert steps == [
        (1, vn(2025, 12, 1, 9), vn(2025, 12, 1, 9), Outcome.ON_TIME),
        (2, vn(2025, 12, 3, 9), None, ""),
        (3, vn(2025, 12, 3, 14), None, ""),
        (4, vn(2025, 12, 4, 9), None, ""),
        (5, vn(2025, 12, 4, 9), None, ""),
    ]
    assert dossier.current_step.order == 2
    assert dossier.assignee.full_name == "Lê Văn Tư"
    assert list(dossier.events.values_list("kind", "from_status", "to_status")) == [
        (EventKind.RECEIVED, None, Status.RECEIVED)
    ]
    # The optional paper not brought is "not brought", not missing.
    assert set(dossier.papers.values_list("state", flat=True)) == {
        PaperState.SUBMITTED,
        PaperState.NOT_BROUGHT,
    }
    assert AuditEvent.objects.filter(action="dossier.received", object_id=str(dossier.pk)).count() == 1
    assert dossier.applicant_phone == "0912345678"


def _counting(monkeypatch, module, name: str) -> list:
    """Replace ``module.name`` by a wrapper that records the keyword arguments of every call."""
    calls: list = []
    original = getattr(module, name)

    def wrapper(*args, **kwargs):
        calls.append((args, kwargs))
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, wrapper)
    return calls


def _writes(queries, table: str) -> tuple[list[str], list[str]]:
    """The INSERT and the UPDATE statements of ``table`` among captured queries."""
    quoted = connection.ops.quote_name(table)
    inserts = [q["sql"] for q in queries if q["sql"].startswith(f"INSERT INTO {quoted}")]
    updates = [q["sql"] for q in queries if q["sql"].startswith(f"UPDATE {quoted}")]
    return inserts, updates


def test_a_receipt_writes_the_dossier_row_once_and_computes_its_due_moment_once(
    desk, personas, tree, monkeypatch
):
    """GIVEN a complete dossier at the counter WHEN it is received THEN its row is inserted once
    with its code, status, appointment and assignee, and the only later write to it is the pointer
    to its current step (the steps need the dossier's id, the pointer the step's: see
    ``intake._write_receipt``); the appointment and the steps' due moments come from one call of
    the worktime selector, which computes each distinct amount of working time once."""
    due_moments = _counting(monkeypatch, worktime, "due_moments")
    due_at = _counting(monkeypatch, worktime, "due_at")
    additions = _counting(monkeypatch, arithmetic, "add_working_time")
    with CaptureQueriesContext(connection) as queries:
        dossier = receive(desk, personas, tree)

    inserts, updates = _writes(queries, Dossier._meta.db_table)
    assert len(inserts) == 1
    assert len(updates) == 1
    set_clause = re.search(r"SET (.*) WHERE", updates[0]).group(1)
    assert set_clause.split(" = ")[0] == connection.ops.quote_name("current_step_id")
    assert "," not in set_clause
    stored = Dossier.objects.values_list(
        "code", "status", "due_at", "assignee__full_name", "current_step__order"
    )
    assert list(stored) == [
        ("000.30.31.H41-251201-0001", Status.RECEIVED, vn(2025, 12, 4, 9), "Lê Văn Tư", 2)
    ]
    assert dossier.current_step.order == 2

    assert len(due_moments) == 1 and due_at == []
    amounts = [(args[1], kwargs.get("days"), kwargs.get("cutoff")) for args, kwargs in additions]
    # The time limit (3 days) and the steps' running totals 0, 2, 2.5, 3 and 3: four sums.
    assert sorted(amounts, key=lambda a: a[1]) == [
        (vn(2025, 12, 1, 9), 0.0, True),
        (vn(2025, 12, 1, 9), 2.0, True),
        (vn(2025, 12, 1, 9), 2.5, True),
        (vn(2025, 12, 1, 9), 3.0, True),
    ]


def test_codes_count_each_units_dossiers_of_each_day_from_0001(desk, personas, tree):
    desk_b = desk_procedure(units=[tree.commune_b], code="1.000656", name="Thủ tục đăng ký khai tử")
    User.objects.get(username="chuyenvien_b")  # commune B's desk is run by its own staff
    codes = [receive(desk, personas, tree, at=vn(2025, 12, 1, 9 + i)).code for i in range(3)]
    codes.append(receive(desk, personas, tree, at=vn(2025, 12, 2, 8)).code)
    other = dossier_receive(
        actor=personas.admin,
        unit=tree.commune_b,
        procedure=desk_b.procedure,
        applicant=applicant(),
        submitted_papers=desk_b.required_ids,
        at=vn(2025, 12, 1, 10),
    )

    assert codes == [
        "000.30.31.H41-251201-0001",
        "000.30.31.H41-251201-0002",
        "000.30.31.H41-251201-0003",
        "000.30.31.H41-251202-0001",
    ]
    assert other.code == "000.30.32.H41-251201-0001"


def test_a_failed_intake_gives_its_number_back(desk, personas, tree):
    """The paper check runs after the number is taken: the rollback must take the number back."""
    with pytest.raises(ValidationError) as error:
        receive(desk, personas, tree, papers=[*desk.required_ids, 999_999])

    assert "papers" in error.value.message_dict
    assert Dossier.objects.count() == 0
    assert not DailyCounter.objects.exists()
    assert receive(desk, personas, tree).code.endswith("-251201-0001")


def test_an_incomplete_dossier_gets_one_supplement_request_listing_every_missing_paper(desk, personas, tree):
    dossier = receive(desk, personas, tree, papers=[])

    assert dossier.status == Status.SUPPLEMENT
    assert dossier.received_at is None and dossier.due_at is None
    assert dossier.supplement_count == 1
    event = dossier.events.get()
    assert event.kind == EventKind.INTAKE_SUPPLEMENT
    assert event.data == {
        "missing": ["Tờ khai đăng ký khai sinh", "Giấy chứng sinh"],
        # Form 02's table: each paper with its quantity and what is wrong.
        "missing_papers": [
            {"name": "Tờ khai đăng ký khai sinh", "quantity": 1, "reason": "Chưa có trong hồ sơ"},
            {"name": "Giấy chứng sinh", "quantity": 1, "reason": "Chưa có trong hồ sơ"},
        ],
    }
    assert not dossier.steps.exists()

    # Only one of the two papers comes back: the dossier cannot be received yet.
    with pytest.raises(ValidationError) as error:
        dossier_receive_supplement(
            actor=personas.one_stop_a,
            dossier=dossier,
            at=vn(2025, 12, 8, 14),
            submitted_papers=desk.required_ids[:1],
        )
    assert error.value.message_dict == {
        "papers": [
            "Hồ sơ còn thiếu: Giấy chứng sinh. Hồ sơ chưa đủ giấy tờ thì không được tiếp nhận: "
            "hướng dẫn người nộp bổ sung tiếp, hoặc từ chối tiếp nhận."
        ]
    }
    dossier.refresh_from_db()
    assert (dossier.status, dossier.received_at, dossier.events.count()) == (Status.SUPPLEMENT, None, 1)

    dossier = dossier_receive_supplement(
        actor=personas.one_stop_a, dossier=dossier, at=vn(2025, 12, 8, 14), submitted_papers=desk.required_ids
    )

    assert dossier.status == Status.RECEIVED
    assert dossier.received_at == vn(2025, 12, 8, 14)
    # Monday 14:00 + 24 working hours: Thursday 14:00.
    assert dossier.due_at == vn(2025, 12, 11, 14)
    assert dossier.steps.count() == 5
    assert not dossier.papers.filter(state=PaperState.MISSING, is_required=True).exists()


@pytest.mark.parametrize("who", ["specialist_b", "chair_a", "district_reform", "inspector", "outsider"])
def test_only_the_units_one_stop_officer_receives(desk, personas, tree, who):
    with pytest.raises(PermissionDenied):
        dossier_receive(
            actor=getattr(personas, who),
            unit=tree.commune_a,
            procedure=desk.procedure,
            applicant=applicant(),
            submitted_papers=desk.required_ids,
        )
    assert Dossier.objects.count() == 0
    assert not DailyCounter.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"id_number": "04009500123"}, "id_number"),  # 11 digits
        ({"id_number": "099095001234"}, "id_number"),  # no province 099
        ({"id_number": "040995001234"}, "id_number"),  # born in 2099
        ({"id_number": ""}, "id_number"),
        ({"phone": "0123 456 789"}, "phone"),  # 01x prefixes were retired in 2018
        ({"phone": "09123"}, "phone"),
        ({"email": "binh@"}, "email"),
        ({"name": "   "}, "name"),
        ({"representative_id_number": "040095001235"}, "representative_name"),
    ],
)
def test_bad_applicant_data_is_refused_field_by_field_and_nothing_is_saved(
    desk, personas, tree, overrides, field
):
    with pytest.raises(ValidationError) as error:
        receive(desk, personas, tree, applicant=applicant(**overrides))

    assert list(error.value.message_dict) == [field]
    assert Dossier.objects.count() == 0


def test_good_phone_formats_are_accepted_and_normalised(desk, personas, tree):
    phones = ["+84 912 345 678", "84912345678", "0238.3844.123", "(0238) 3844-123", "0387654321"]
    stored = [receive(desk, personas, tree, applicant=applicant(phone=p)).applicant_phone for p in phones]

    assert stored == ["0912345678", "0912345678", "02383844123", "02383844123", "0387654321"]


def test_an_organisation_files_with_its_tax_code(desk, personas, tree):
    dossier = receive(
        desk,
        personas,
        tree,
        applicant=applicant(kind="organisation", name="Công ty TNHH Tân Kỳ", id_number="2901234567"),
    )
    assert dossier.applicant_kind == "organisation"


def test_a_unit_without_the_procedure_at_its_desk_is_not_competent(desk, personas, tree):
    with pytest.raises(ValidationError) as error:
        dossier_receive(
            actor=personas.admin,
            unit=tree.commune_b,
            procedure=desk.procedure,
            applicant=applicant(),
            submitted_papers=desk.required_ids,
        )
    assert list(error.value.message_dict) == ["procedure"]
    assert Dossier.objects.count() == 0


def test_on_the_day_its_notice_comes_down_the_desk_no_longer_receives_the_procedure(desk, personas, tree):
    """One posting rule (catalog ``publication_active_on``) for the catalog and the desk: the
    notice is posted up to the day before ``withdrawn_on``; on that day it is gone."""
    import datetime as dt

    from reformdesk.catalog.models import Publication
    from reformdesk.catalog.selectors import desk_units, is_posted_at_desk

    Publication.objects.filter(procedure=desk.procedure, unit=tree.commune_a).update(
        withdrawn_on=dt.date(2025, 12, 2)
    )
    procedure = desk.procedure
    assert desk_units(procedure=procedure, on=dt.date(2025, 12, 1)) == [tree.commune_a]
    assert is_posted_at_desk(procedure=procedure, unit=tree.commune_a, on=dt.date(2025, 12, 1))
    assert desk_units(procedure=procedure, on=dt.date(2025, 12, 2)) == []
    assert not is_posted_at_desk(procedure=procedure, unit=tree.commune_a, on=dt.date(2025, 12, 2))
    assert receive(desk, personas, tree, at=vn(2025, 12, 1, 16)).status == Status.RECEIVED
    with pytest.raises(ValidationError) as error:
        receive(desk, personas, tree, at=vn(2025, 12, 2, 8))
    assert list(error.value.message_dict) == ["procedure"]
    assert Dossier.objects.count() == 1


def test_anywhere_in_the_province_a_desk_receives_for_the_competent_unit(personas, tree):
    anywhere = desk_procedure(
        units=[tree.commune_a], code="1.000893", name="Chứng thực bản sao", anywhere=True
    )
    dossier = dossier_receive(
        actor=personas.admin,
        unit=tree.commune_b,
        processing_unit=tree.commune_a,
        procedure=anywhere.procedure,
        applicant=applicant(),
        submitted_papers=anywhere.required_ids,
        at=vn(2025, 12, 1, 9),
    )
    assert dossier.code == "000.30.32.H41-251201-0001"
    assert dossier.processing_unit == tree.commune_a
    assert dossier.steps.get(order=2).unit == tree.commune_a
    assert dossier.steps.get(order=5).unit == tree.commune_b


def test_without_the_anywhere_rule_a_desk_may_not_receive_for_another_unit(desk, personas, tree):
    with pytest.raises(ValidationError) as error:
        dossier_receive(
            actor=personas.admin,
            unit=tree.commune_b,
            processing_unit=tree.commune_a,
            procedure=desk.procedure,
            applicant=applicant(),
            submitted_papers=desk.required_ids,
        )
    assert list(error.value.message_dict) == ["processing_unit"]


def test_a_double_submitted_form_records_one_dossier(desk, personas, tree):
    token = uuid.uuid4()
    first = receive(desk, personas, tree, client_token=token)
    second = receive(desk, personas, tree, client_token=token)

    assert first.pk == second.pk
    assert Dossier.objects.count() == 1


def test_a_procedure_without_a_time_limit_cannot_be_received(personas, tree):
    undated = desk_procedure(
        units=[tree.commune_a], code="1.000001", name="Thủ tục chưa đủ thông tin", steps=False
    )
    undated.version.filing_methods.update(time_limit_days=None)
    with pytest.raises(ValidationError) as error:
        receive(undated, personas, tree)
    assert error.value.messages[0].startswith("Thủ tục chưa có thời hạn giải quyết")


def test_online_filing_waits_for_an_officer_who_receives_it(desk, personas, tree):
    dossier = dossier_submit_online(
        unit=tree.commune_a,
        procedure=desk.procedure,
        applicant=applicant(),
        at=vn(2025, 12, 6, 21),
        files_required=False,
    )
    assert (dossier.status, dossier.channel, dossier.received_at) == (Status.SUBMITTED, Channel.ONLINE, None)
    assert dossier.code == "000.30.31.H41-251206-0001"

    dossier = dossier_accept(
        actor=personas.one_stop_a, dossier=dossier, submitted_papers=desk.required_ids, at=vn(2025, 12, 8, 8)
    )
    assert dossier.status == Status.RECEIVED
    assert dossier.due_at == vn(2025, 12, 10, 17)  # three full days: Wednesday at closing time
    assert list(dossier.events.values_list("kind", flat=True)) == [EventKind.SUBMITTED, EventKind.RECEIVED]


def test_an_online_dossier_without_a_file_for_a_required_paper_is_refused_and_nothing_is_saved(desk, tree):
    with pytest.raises(ValidationError) as error:
        dossier_submit_online(
            unit=tree.commune_a, procedure=desk.procedure, applicant=applicant(), at=vn(2025, 12, 6, 21)
        )
    assert error.value.message_dict == {
        "files": [
            "Chưa đính kèm giấy tờ bắt buộc: Tờ khai đăng ký khai sinh.",
            "Chưa đính kèm giấy tờ bắt buộc: Giấy chứng sinh.",
        ]
    }
    assert Dossier.objects.count() == 0


def test_an_online_dossier_may_be_refused_with_reasons_but_not_after_receipt(desk, personas, tree):
    dossier = dossier_submit_online(
        unit=tree.commune_a, procedure=desk.procedure, applicant=applicant(), files_required=False
    )
    with pytest.raises(ValidationError):
        dossier_refuse(actor=personas.one_stop_a, dossier=dossier, reasons="  ")
    dossier.refresh_from_db()
    assert dossier.status == Status.SUBMITTED

    dossier = dossier_refuse(
        actor=personas.one_stop_a, dossier=dossier, reasons="Người yêu cầu không cư trú trên địa bàn xã."
    )
    assert dossier.status == Status.REFUSED
    assert dossier.events.last().data == {"reasons": "Người yêu cầu không cư trú trên địa bàn xã."}

    received = receive(desk, personas, tree)
    with pytest.raises(ActionNotAllowed):
        dossier_refuse(actor=personas.one_stop_a, dossier=received, reasons="Muộn")
    received.refresh_from_db()
    assert received.status == Status.RECEIVED


def test_an_old_withdrawn_posting_elsewhere_does_not_hide_the_current_desks(desk, tree):
    """A bug once excluded every unit and procedure having any withdrawn posting."""
    import datetime as dt

    from reformdesk.catalog.choices import PublicationPlace
    from reformdesk.catalog.models import Publication
    from reformdesk.catalog.selectors import desk_units

    Publication.objects.create(
        procedure=desk.procedure,
        unit=tree.commune_a,
        place=PublicationPlace.DESK,
        published_on=dt.date(2020, 1, 1),
        withdrawn_on=dt.date(2025, 6, 30),
    )
    assert desk_units(procedure=desk.procedure, on=dt.date(2025, 12, 1)) == [tree.commune_a]
    assert desk_units(procedure=desk.procedure, on=dt.date(2025, 6, 1)) == [tree.commune_a]
    assert desk_units(procedure=desk.procedure, on=dt.date(2019, 6, 1)) == []


def test_a_limit_stated_only_in_words_is_read_from_the_steps(personas, tree):
    """Certification is done "trong ngày": no number of days in the channel row, but the catalog's
    step template carries the working time, which becomes the appointment."""
    from decimal import Decimal

    from reformdesk.catalog import services as catalog
    from reformdesk.catalog.choices import StepKind
    from reformdesk.org.choices import Role, UnitKind

    same_day = desk_procedure(units=[tree.commune_a], code="2.000815", name="Chứng thực bản sao", steps=False)
    same_day.version.filing_methods.update(time_limit_days=None, time_limit_text="Trong ngày làm việc")
    catalog.steps_set(
        actor=None,
        version=same_day.version,
        steps=[
            {"kind": k, "name_vi": n, "role": r, "unit_kind": UnitKind.COMMUNE, "working_days": Decimal(d)}
            for k, n, r, d in [
                (StepKind.RECEIVE, "Tiếp nhận", Role.ONE_STOP, "0"),
                (StepKind.SIGN, "Ký chứng thực", Role.LEADER, "0.5"),
                (StepKind.RETURN, "Trả kết quả", Role.ONE_STOP, "0"),
            ]
        ],
    )
    dossier = receive(same_day, personas, tree)
    assert dossier.time_limit_days == Decimal("0.5")
    assert dossier.due_at == vn(2025, 12, 1, 14)  # Monday 09:00 + 4 working hours
