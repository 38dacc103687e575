"""Partner applications that send feedback through Open311 GeoReport v2 (``POST requests``).

Administrators register each partner with the unit that receives its requests; the partner's
``api_key`` is shown once and only its SHA-256 is stored, like the API tokens of ``core``.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Open311Partner(models.Model):
    name = models.CharField(_("tên ứng dụng đối tác"), max_length=100)
    unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("đơn vị tiếp nhận"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Phản ánh gửi qua ứng dụng này được ghi là do đơn vị này tiếp nhận."),
    )
    prefix = models.CharField(_("tiền tố khóa"), max_length=12, editable=False)
    digest = models.CharField(_("mã băm khóa"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("ứng dụng đối tác Open311")
        verbose_name_plural = _("ứng dụng đối tác Open311")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
