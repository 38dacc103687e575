"""Background jobs of the worktime app (django-tasks). Enqueued only after the transaction commits."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import send_mail
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task


def administrator_emails() -> list[str]:
    """E-mail addresses of the active superusers that have one, in a stable order."""
    return list(
        User.objects.filter(is_superuser=True, is_active=True)
        .exclude(email="")
        .order_by("email")
        .values_list("email", flat=True)
        .distinct()
    )


@task()
def send_calendar_warning(year: int) -> int:
    """E-mail the administrators that ``year`` lacks its official days off; returns how many
    were written to. Safe to run twice (it only sends a reminder)."""
    recipients = administrator_emails()
    if not recipients:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("ReformDesk: chưa có lịch nghỉ Tết năm %(year)s") % {"year": year}
        body = _(
            "Hệ thống chưa có lịch nghỉ Tết Nguyên đán năm %(year)s đã được xác nhận.\n\n"
            "Hạn giải quyết hồ sơ tính theo ngày làm việc: khi Chính phủ, Bộ Nội vụ công bố lịch nghỉ "
            "Tết, nghỉ lễ và ngày làm bù năm %(year)s, hãy nhập hoặc bật các ngày đó trong trang quản trị "
            "(Thời gian làm việc › Điều chỉnh lịch nghỉ, làm bù).\n\n"
            "Thư này được gửi tự động mỗi ngày cho đến khi có lịch."
        ) % {"year": year}
    send_mail(subject, body, None, recipients)
    return len(recipients)
