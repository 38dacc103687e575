"""Digitisation flags on a dossier: set at intake, changed later with one event row, paid online
with the fees, an electronic result at delivery; bad input refused with nothing saved."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from reformdesk.core.models import AuditEvent
from reformdesk.core.tests.helpers import sign_in
from reformdesk.dossiers.choices import DeliveryMethod, EventKind, Status
from reformdesk.dossiers.models import Dossier
from reformdesk.dossiers.services import (
    ActionNotAllowed,
    Digitisation,
    dossier_decline,
    dossier_deliver,
    dossier_fees_paid,
    dossier_receive,
    dossier_record_digitisation,
    dossier_request_fees,
)
from reformdesk.dossiers.tests.factories import applicant, vn
from reformdesk.dossiers.tests.test_api import api, body, post

pytestmark = pytest.mark.django_db

OTHER_CITIZEN = {"name": "Trần Thị Lan", "id_number": "040195006789"}


def receive_with(desk, personas, tree, flags: Digitisation, at=None, **who):
    return dossier_receive(
        actor=personas.one_stop_a,
        unit=tree.commune_a,
        procedure=desk.procedure,
        applicant=applicant(**who),
        submitted_papers=desk.required_ids,
        at=at or vn(2025, 12, 8, 9),
        digitisation=flags,
    )


# --- services -----------------------------------------------------------------------------------------


def test_the_desk_records_the_intake_flags_in_the_dossier_and_its_receipt_event(
    dossier, desk, personas, tree
):
    flags = Digitisation(papers_digitised=True, reused_from=f"  {dossier.code} ", population_data_used=True)
    later = receive_with(desk, personas, tree, flags)
    later.refresh_from_db()
    assert (later.papers_digitised, later.reused_from_id, later.population_data_used) == (
        True,
        dossier.pk,
        True,
    )
    assert (later.electronic_result, later.paid_online) == (False, False)
    received = later.events.get()
    assert received.kind == EventKind.RECEIVED
    assert received.data == {
        "digitisation": {"papers_digitised": True, "reused_from": dossier.code, "population_data_used": True}
    }


@pytest.mark.parametrize(
    ("code", "who", "message"),
    [
        ("000.30.31.H41-251201-9999", {}, "Không có hồ sơ mã «000.30.31.H41-251201-9999»."),
        (None, OTHER_CITIZEN, "không phải của người nộp này"),
    ],
)
def test_a_previous_dossier_unknown_or_of_another_citizen_is_refused_and_nothing_is_saved(
    dossier, desk, personas, tree, code, who, message
):
    before = Dossier.objects.count()
    with pytest.raises(ValidationError) as error:
        receive_with(desk, personas, tree, Digitisation(reused_from=code or dossier.code), **who)
    assert list(error.value.message_dict) == ["reused_from"]
    assert message in error.value.message_dict["reused_from"][0]
    assert Dossier.objects.count() == before


def test_a_previous_dossier_must_have_been_received_before_this_one(dossier, desk, personas, tree):
    with pytest.raises(ValidationError) as error:
        receive_with(desk, personas, tree, Digitisation(reused_from=dossier.code), at=vn(2025, 11, 28, 9))
    assert error.value.message_dict["reused_from"] == [
        f"Hồ sơ {dossier.code} chưa được tiếp nhận trước hồ sơ này."
    ]


def test_flags_changed_later_write_one_event_and_one_audit_row(dossier, personas, specialist):
    dossier = dossier_record_digitisation(
        actor=specialist, dossier=dossier, papers_digitised=True, population_data_used=False, note="Đã quét"
    )
    event = dossier.events.get(kind=EventKind.DIGITISATION)
    # Only what changed: population data was already not used.
    assert event.data == {"papers_digitised": [False, True]}
    assert (event.note, event.from_status, event.to_status) == ("Đã quét", Status.RECEIVED, Status.RECEIVED)
    audit = AuditEvent.objects.get(action="dossier.digitisation", object_id=str(dossier.pk))
    assert audit.changes == {"papers_digitised": [False, True]}
    dossier.refresh_from_db()
    assert dossier.papers_digitised is True

    with pytest.raises(ValidationError) as error:
        dossier_record_digitisation(actor=specialist, dossier=dossier, papers_digitised=True)
    assert error.value.messages == ["Thông tin số hóa không thay đổi."]
    assert dossier.events.filter(kind=EventKind.DIGITISATION).count() == 1


def test_flags_are_refused_to_an_outsider_and_on_a_closed_dossier(dossier, personas):
    with pytest.raises(PermissionDenied):
        dossier_record_digitisation(actor=personas.specialist_b, dossier=dossier, electronic_result=True)
    dossier_decline(actor=personas.chair_a, dossier=dossier, reasons="Không đủ điều kiện")
    dossier_deliver(actor=personas.one_stop_a, dossier=dossier, method="counter", collected_by="Bình")
    with pytest.raises(ActionNotAllowed):
        dossier_record_digitisation(actor=personas.one_stop_a, dossier=dossier, electronic_result=True)
    dossier.refresh_from_db()
    assert dossier.electronic_result is False
    assert not dossier.events.filter(kind=EventKind.DIGITISATION).exists()


def test_fees_paid_online_are_recorded_from_the_payment(dossier, specialist):
    dossier = dossier_request_fees(actor=specialist, dossier=dossier, amount_vnd=8000)
    dossier = dossier_fees_paid(actor=specialist, dossier=dossier, online=True)
    dossier.refresh_from_db()
    assert dossier.paid_online is True
    assert dossier.events.get(kind=EventKind.FEES_PAID).data == {"amount_vnd": 8000, "online": True}


def test_a_result_delivered_online_must_be_electronic(dossier, personas):
    dossier_decline(actor=personas.chair_a, dossier=dossier, reasons="Không đủ điều kiện")
    with pytest.raises(ValidationError) as error:
        dossier_deliver(
            actor=personas.one_stop_a,
            dossier=dossier,
            method=DeliveryMethod.ONLINE,
            collected_by="Hoàng Văn Bình",
            electronic_result=False,
        )
    assert list(error.value.message_dict) == ["electronic_result"]
    dossier.refresh_from_db()
    assert (dossier.status, dossier.electronic_result) == (Status.RESULT_READY, False)
    dossier = dossier_deliver(
        actor=personas.one_stop_a,
        dossier=dossier,
        method=DeliveryMethod.ONLINE,
        collected_by="Hoàng Văn Bình",
    )
    dossier.refresh_from_db()
    assert (dossier.status, dossier.electronic_result) == (Status.DELIVERED, True)
    assert dossier.events.get(kind=EventKind.DELIVERED).data["electronic_result"] is True


# --- pages --------------------------------------------------------------------------------------------


def intake_post(desk, **fields):
    data = {
        "applicant_kind": "person",
        "name": "Hoàng Văn Bình",
        "id_number": "040095001234",
        "phone": "0912345678",
        "channel": "1",
        "papers": [str(pk) for pk in desk.required_ids],
        "client_token": "6f1d0c52-4a56-4d3e-9a43-1b2f5e0c7a11",
    }
    data.update(fields)
    return data


def test_the_intake_page_records_the_flags(dossier, desk, personas):
    client = sign_in(Client(), personas.one_stop_a)
    page = client.get(f"/staff/dossiers/new/{desk.procedure.national_code}/")
    assert page.status_code == 200
    for name in ("papers_digitised", "reused_from", "population_data_used"):
        assert f'name="{name}"' in page.content.decode()
    response = client.post(
        f"/staff/dossiers/new/{desk.procedure.national_code}/",
        intake_post(desk, papers_digitised="on", reused_from=dossier.code, population_data_used="on"),
    )
    assert response.status_code == 302, response.content.decode()
    new = Dossier.objects.exclude(pk=dossier.pk).get()
    assert (new.papers_digitised, new.reused_from_id, new.population_data_used) == (True, dossier.pk, True)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"reused_from": "000.30.31.H41-251201-9999"}, "Không có hồ sơ mã"),
        ({"id_number": "040195006789"}, "không phải của người nộp này"),
        ({"reused_from": "x" * 33}, "32"),
    ],
)
def test_the_intake_page_refuses_a_bad_previous_dossier_and_saves_nothing(
    dossier, desk, personas, fields, message
):
    client = sign_in(Client(), personas.one_stop_a)
    data = intake_post(desk, reused_from=dossier.code)
    data.update(fields)
    response = client.post(f"/staff/dossiers/new/{desk.procedure.national_code}/", data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Dossier.objects.count() == 1


def test_the_dossier_page_updates_the_flags_from_its_panel(dossier, personas, specialist):
    client = sign_in(Client(), specialist)
    page = client.get(f"/staff/dossiers/{dossier.code}/").content.decode()
    assert 'data-action="digitisation"' in page
    response = client.post(
        f"/staff/dossiers/{dossier.code}/actions/digitisation/",
        {"digitisation-papers_digitised": "on", "digitisation-reused_from": "", "digitisation-note": ""},
    )
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert (dossier.papers_digitised, dossier.population_data_used) == (True, False)
    page = client.get(f"/staff/dossiers/{dossier.code}/").content.decode()
    assert "Thành phần hồ sơ đã được số hóa" in page
    # The panel starts from the dossier's flags: the box is ticked now.
    box = re.search(r'<input[^>]*name="digitisation-papers_digitised"[^>]*>', page)
    assert box is not None and " checked" in box.group(0)

    response = client.post(
        f"/staff/dossiers/{dossier.code}/actions/digitisation/",
        {"digitisation-papers_digitised": "on", "digitisation-reused_from": "không-có"},
    )
    assert response.status_code == 400
    assert "Không có hồ sơ mã «không-có»." in response.content.decode()
    assert dossier.events.filter(kind=EventKind.DIGITISATION).count() == 1


# --- API ----------------------------------------------------------------------------------------------


def test_the_api_takes_and_returns_the_flags(dossier, desk, personas, specialist):
    officer = api(personas.one_stop_a)
    response = post(
        officer,
        "/api/v1/dossiers",
        body(papers_digitised=True, reused_from=dossier.code, population_data_used=True),
    )
    assert response.status_code == 201, response.content
    code = response.json()["code"]
    expected = {
        "papers_digitised": True,
        "reused_from": dossier.code,
        "population_data_used": True,
        "electronic_result": False,
        "paid_online": False,
    }
    assert response.json()["digitisation"] == expected
    assert officer.get(f"/api/v1/dossiers/{code}").json()["digitisation"] == expected

    # A flag left out is left as recorded; "" clears the previous dossier.
    response = post(
        api(specialist),
        f"/api/v1/dossiers/{code}/actions/digitisation",
        {"electronic_result": True, "reused_from": ""},
    )
    assert response.status_code == 200, response.content
    assert response.json()["digitisation"] == {**expected, "reused_from": None, "electronic_result": True}
    assert response.json()["events"][-1]["data"] == {
        "reused_from": [dossier.code, ""],
        "electronic_result": [False, True],
    }


def test_the_api_refuses_a_previous_dossier_of_another_citizen_with_422(dossier, desk, personas):
    officer = api(personas.one_stop_a)
    response = post(
        officer,
        "/api/v1/dossiers",
        body(applicant={"name": "Trần Thị Lan", "id_number": "040195006789"}, reused_from=dossier.code),
    )
    assert response.status_code == 422
    assert "reused_from" in response.content.decode()
    assert Dossier.objects.count() == 1
    response = post(officer, f"/api/v1/dossiers/{dossier.code}/actions/digitisation", {"reused_from": "nope"})
    assert response.status_code == 422
    dossier.refresh_from_db()
    assert dossier.reused_from_id is None
    assert not dossier.events.filter(kind=EventKind.DIGITISATION).exists()
