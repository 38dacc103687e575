"""Wrong lookup secrets, counted once for the page and the API, per client and per dossier code."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from reformdesk.core.models import AttemptCounter

pytestmark = pytest.mark.django_db

PAGE = "/tra-cuu-ho-so/"
TRY_LATER = "Đã nhập sai mã tra cứu quá nhiều lần."


def api(code: str, secret: str, ip: str):
    return Client().get(f"/api/v1/public/dossiers/{code}", HTTP_X_LOOKUP_SECRET=secret, REMOTE_ADDR=ip)


def page(code: str, secret: str, ip: str):
    return Client().post(PAGE, {"code": code, "secret": secret}, REMOTE_ADDR=ip)


def test_five_wrong_secrets_from_anywhere_lock_the_code_but_not_its_receipt(dossier):
    """GIVEN 3 wrong secrets on the page from one address and 2 on the API from another
    WHEN a third address sends the right phone digits THEN it is told to try later (429),
    on the API and on the page, while the receipt's own secret still opens the dossier."""
    for _ in range(3):
        assert page(dossier.code, "0000", "198.51.100.1").status_code == 404
    for _ in range(2):
        assert api(dossier.code, "1111", "198.51.100.2").status_code == 404

    locked = api(dossier.code, "5678", "198.51.100.3")
    assert locked.status_code == 429
    assert locked.json()["code"] == "try_later"
    assert 0 < int(locked["Retry-After"]) <= 7 * 24 * 3600
    locked_page = page(dossier.code, "5678", "198.51.100.3")
    assert locked_page.status_code == 429
    assert TRY_LATER in locked_page.content.decode()
    assert 'data-testid="lookup-result"' not in locked_page.content.decode()

    assert api(dossier.code, dossier.secret, "198.51.100.3").status_code == 200
    assert page(dossier.code, dossier.secret, "198.51.100.3").status_code == 200
    # A refusal is not counted again, and the right secret counts nothing.
    assert AttemptCounter.objects.get(scope="dossier_lookup.code").count == 5


def test_an_unknown_code_is_locked_alike(dossier):
    unknown = dossier.code[:-4] + "0999"
    answers = [api(unknown, "0000", f"198.51.100.{n}").status_code for n in range(1, 7)]
    assert answers == [404] * 5 + [429]


def test_the_lock_ends_with_its_window(dossier, settings):
    for n in range(5):
        api(dossier.code, "0000", f"198.51.100.{n}")
    assert api(dossier.code, "5678", "198.51.100.9").status_code == 429
    AttemptCounter.objects.filter(scope="dossier_lookup.code").update(
        window_start=dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    )
    assert api(dossier.code, "5678", "198.51.100.9").status_code == 200


def test_wrong_secrets_from_one_client_over_many_codes_lock_that_client_only(dossier, settings):
    settings.DOSSIER_LOOKUP_CLIENT_FAILURES = 6  # 20 by default: the request limit is 20 a minute
    for n in range(3):
        assert page(f"000.30.31.H41-251201-{n + 100:04d}", "0000", "203.0.113.7").status_code == 404
        assert api(f"000.30.31.H41-251201-{n + 200:04d}", "0000", "203.0.113.7").status_code == 404
    assert api(dossier.code, "5678", "203.0.113.7").status_code == 429
    assert page(dossier.code, "5678", "203.0.113.7").status_code == 429
    assert api(dossier.code, "5678", "203.0.113.8").status_code == 200
    assert api(dossier.code, dossier.secret, "203.0.113.7").status_code == 200


def test_the_api_reads_the_secret_from_the_header_or_the_query(dossier):
    assert api(dossier.code, dossier.secret, "198.51.100.1").json()["code"] == dossier.code
    by_query = Client().get(f"/api/v1/public/dossiers/{dossier.code}", {"secret": "5678"})
    assert by_query.status_code == 200


def test_a_get_never_looks_up_and_fills_in_the_code_only(dossier):
    response = Client().get(PAGE, {"code": dossier.code, "secret": "5678", "x": "1"})
    body = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="lookup-result"' not in body
    assert 'method="post"' in body
    assert AttemptCounter.objects.count() == 0
    plain = Client().get(PAGE, {"code": dossier.code}).content.decode()
    assert f'value="{dossier.code}"' in plain
    assert 'data-testid="lookup-confirm"' not in plain


def test_the_receipt_qr_link_opens_the_form_filled_in_to_confirm(dossier):
    """The QR code printed on receipts carries ?code=…&secret=…: the page fills both in and asks
    for one press of "Tra cứu"; nothing is looked up, cached or sent on in a Referer."""
    response = Client().get(PAGE, {"code": dossier.code, "secret": dossier.secret})
    body = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="lookup-confirm"' in body
    assert f'value="{dossier.code}"' in body and f'value="{dossier.secret}"' in body
    assert 'data-testid="lookup-result"' not in body
    assert response["Cache-Control"] == "no-store"
    assert response["Referrer-Policy"] == "same-origin"
