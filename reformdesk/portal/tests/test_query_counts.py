"""Public pages run a fixed number of queries, whatever the number of units and officials."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from reformdesk.org.choices import Role
from reformdesk.org.tests.factories import make_official, make_unit

pytestmark = pytest.mark.django_db


def _queries(url: str) -> int:
    client = Client()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _grow(tree, n: int) -> None:
    for index in range(n):
        unit = make_unit(name=f"Xã Thêm {index}", parent=tree.district, hotline="0238 3999 000")
        make_official(unit=unit, role=Role.LEADER, on_hotline_board=True)


@pytest.mark.parametrize(
    ("url", "expected"), [("/units/", 2), ("/hotline/", 2), ("/units/000.30.30.H41/", None)]
)
def test_public_pages_do_not_grow_with_rows(personas, tree, url, expected):
    url = url.replace("000.30.30.H41", tree.district.code)
    before = _queries(url)
    _grow(tree, 6)
    after = _queries(url)
    assert after == before
    if expected is not None:
        assert before == expected
