from django.db import models
from django.utils.translation import gettext_lazy as _


class InvitationChannel(models.TextChoices):
    """How the citizen reached the rating form."""

    RECEIPT = "receipt", _("Mã QR trên giấy hẹn")
    SMS = "sms", _("Đường liên kết gửi qua tin nhắn")
    COUNTER = "counter", _("Máy tính bảng tại quầy")


class Score(models.TextChoices):
    SATISFIED = "satisfied", _("Hài lòng")
    NEUTRAL = "neutral", _("Bình thường")
    DISSATISFIED = "dissatisfied", _("Không hài lòng")
