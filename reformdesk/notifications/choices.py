from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class MessageChannel(models.TextChoices):
    EMAIL = "email", _("Thư điện tử")
    SMS = "sms", pgettext_lazy("channel", "Tin nhắn SMS")


class Language(models.TextChoices):
    VI = "vi", _("Tiếng Việt")
    EN = "en", _("Tiếng Anh")


class MessageStatus(models.TextChoices):
    """Where a message of the outbox stands.

    ``failed``: the last attempt failed and another is scheduled at ``next_attempt_at``;
    ``gave_up``: no more attempts (a permanent refusal, or every attempt used).
    """

    QUEUED = "queued", _("Chờ gửi")
    SENDING = "sending", _("Đang gửi")
    SENT = "sent", _("Đã gửi")
    FAILED = "failed", _("Lỗi, sẽ gửi lại")
    GAVE_UP = "gave_up", _("Ngừng gửi")


# Statuses a delivery may claim a message in (when its next attempt is due).
CLAIMABLE = (MessageStatus.QUEUED, MessageStatus.FAILED)
