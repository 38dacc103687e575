"""The citizen's lookup: code plus the receipt's secret or the phone's last four digits."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings

from reformdesk.dossiers.tests.factories import vn

pytestmark = pytest.mark.django_db


def lookup(code: str, secret: str, **headers):
    return Client().get(f"/api/v1/public/dossiers/{code}", {"secret": secret}, **headers)


def test_the_receipt_secret_opens_the_dossier_without_personal_data(dossier):
    response = lookup(dossier.code, dossier.secret.lower())

    assert response.status_code == 200
    data = response.json()
    assert (data["code"], data["status"], data["status_label"]) == (dossier.code, 2, "Đã tiếp nhận")
    assert data["procedure_name"] == "Thủ tục đăng ký khai sinh"
    assert data["due_at"] == "2025-12-04T09:00:00+07:00"
    assert data["collect_at"] == "Xã Phú Sơn"
    assert [(t["kind"], t["unit"]) for t in data["timeline"]] == [("received", "Xã Phú Sơn")]
    text = response.content.decode()
    for personal in ("Hoàng Văn Bình", "040095001234", "0912345678", "Lê Văn Tư", "binh.hv"):
        assert personal not in text


def test_the_last_four_digits_of_the_phone_open_it_too(dossier):
    assert lookup(dossier.code, "5678").status_code == 200


@pytest.mark.parametrize("secret", ["", "5679", "ABCDEFGH", "45678", "0912345678"])
def test_a_wrong_secret_and_an_unknown_code_get_the_same_answer(dossier, secret):
    wrong = lookup(dossier.code, secret)
    unknown = lookup("000.30.31.H41-251201-0999", dossier.secret)
    assert wrong.status_code == unknown.status_code == 404
    assert wrong.json() == unknown.json()


@pytest.mark.parametrize("secret", ["５６７８", "٥٦٧٨"])
def test_fullwidth_and_other_script_digits_are_read_as_ascii(dossier, secret):
    """GIVEN the phone's last four digits typed on a fullwidth or Arabic-Indic keyboard
    WHEN the citizen looks the dossier up THEN they open it like ASCII digits (NFKC)."""
    response = lookup(dossier.code, secret)
    assert response.status_code == 200
    assert response.json()["code"] == dossier.code


def test_a_fullwidth_receipt_secret_opens_the_dossier(dossier):
    fullwidth = "".join(chr(ord(c) + 0xFEE0) for c in dossier.secret)
    assert lookup(dossier.code, fullwidth).json()["code"] == dossier.code


@pytest.mark.parametrize("secret", ["１２３４", "١٢٣٤", "½²④"])
def test_wrong_non_ascii_digits_answer_as_an_unknown_code_does(dossier, secret):
    """Non-ASCII digits once crashed the comparison (a 500) for an existing code only, which told
    an attacker which codes exist. Both must now be the same 404."""
    wrong = lookup(dossier.code, secret)
    unknown = lookup("000.30.31.H41-251201-0999", secret)
    assert wrong.status_code == unknown.status_code == 404
    assert wrong.json() == unknown.json()
    assert wrong.json() == {
        "detail": "Không tìm thấy hồ sơ với mã và mã tra cứu đã nhập. Hãy kiểm tra lại giấy hẹn.",
        "code": "not_found",
    }


@override_settings(PUBLIC_RATE_LIMIT_PER_MINUTE=1000, DOSSIER_LOOKUP_CLIENT_FAILURES=1000)
def test_lookups_are_rate_limited_per_client(dossier):
    answers = [
        lookup(f"000.30.31.H41-251201-{n:04d}", "0000", REMOTE_ADDR="203.0.113.7").status_code
        for n in range(100, 121)
    ]
    assert answers[:20] == [404] * 20
    assert answers[20] == 429
    assert lookup(dossier.code, dossier.secret, REMOTE_ADDR="203.0.113.8").status_code == 200


def test_a_receipt_expires_some_time_after_the_dossier_closed(dossier, personas, settings):
    from reformdesk.dossiers.services import dossier_withdraw

    settings.DOSSIER_LOOKUP_DAYS_AFTER_CLOSE = 30
    dossier_withdraw(actor=personas.one_stop_a, dossier=dossier, at=vn(2025, 12, 2, 9))
    # Closed almost a year ago (the test runs after 2026): answered like a wrong secret.
    assert lookup(dossier.code, dossier.secret).status_code == 404
    settings.DOSSIER_LOOKUP_DAYS_AFTER_CLOSE = 36500
    assert lookup(dossier.code, dossier.secret).json()["status"] == 7
