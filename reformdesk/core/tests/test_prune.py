import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from reformdesk.core.models import LoginAttempt

pytestmark = pytest.mark.django_db


def test_prune_keeps_recent_failed_logins():
    old = LoginAttempt.objects.create(username="hoa", ip="10.0.0.1")
    recent = LoginAttempt.objects.create(username="hoa", ip="10.0.0.1")
    LoginAttempt.objects.filter(pk=old.pk).update(at=timezone.now() - dt.timedelta(days=31))
    out = io.StringIO()
    call_command("prune_login_attempts", stdout=out)
    assert list(LoginAttempt.objects.values_list("pk", flat=True)) == [recent.pk]
    assert out.getvalue().strip() == "Deleted 1 failed-login records older than 30 days."


def test_prune_refuses_a_zero_window():
    LoginAttempt.objects.create(username="hoa", ip="10.0.0.1")
    with pytest.raises(SystemExit):
        call_command("prune_login_attempts", "--days", "0", stdout=io.StringIO(), stderr=io.StringIO())
    assert LoginAttempt.objects.count() == 1
