"""Officials (cán bộ, công chức, viên chức…) and their role-bearing unit memberships."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from reformdesk.org.choices import OfficialCategory, Role, Scope
from reformdesk.org.validators import validate_phone


def official_photo_path(instance: Official, filename: str) -> str:
    return f"officials/{instance.employee_code}.jpg"


class Official(models.Model):
    """A staff member. ``user`` is optional: many non-specialised workers never log in.

    The name tag worn at the desk prints ``full_name``, ``position``, ``employee_code``,
    the primary unit's name and ``photo``.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="official",
    )
    employee_code = models.CharField(_("mã cán bộ"), max_length=20, unique=True)
    full_name = models.CharField(_("họ và tên"), max_length=100)
    position = models.CharField(
        _("chức vụ"), max_length=150, blank=True, help_text=_("Ví dụ: Chủ tịch UBND xã")
    )
    job_title = models.CharField(
        _("chức danh"), max_length=150, blank=True, help_text=_("Ví dụ: Công chức Văn phòng – Thống kê")
    )
    category = models.CharField(_("phân loại"), max_length=20, choices=OfficialCategory.choices)
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True, validators=[validate_phone])
    email = models.EmailField(_("thư điện tử"), blank=True)
    photo = models.ImageField(_("ảnh"), upload_to=official_photo_path, blank=True)
    on_hotline_board = models.BooleanField(
        _("công khai trên bảng đường dây nóng"),
        default=False,
        help_text=_("Tên, chức vụ và số điện thoại được công khai cho người dân."),
    )
    is_active = models.BooleanField(_("đang công tác"), default=True)

    class Meta:
        verbose_name = _("cán bộ")
        verbose_name_plural = _("cán bộ")
        ordering = ["full_name", "employee_code"]
        indexes = [models.Index(fields=["full_name"], name="official_name_idx")]

    def __str__(self) -> str:
        return self.full_name


class MembershipQuerySet(models.QuerySet["Membership"]):
    def active_on(self, day: dt.date) -> MembershipQuerySet:
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=day)
        )


class Membership(models.Model):
    """An official's role in a unit, for a period. Permissions derive from these rows.

    ``scope`` says whether the role reaches the unit alone or its whole subtree
    (a district reform officer overseeing every commune).
    """

    official = models.ForeignKey(
        Official, verbose_name=_("cán bộ"), on_delete=models.CASCADE, related_name="memberships"
    )
    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices)
    scope = models.CharField(_("phạm vi"), max_length=10, choices=Scope.choices, default=Scope.UNIT)
    is_primary = models.BooleanField(_("đơn vị chính"), default=False)
    valid_from = models.DateField(_("từ ngày"), null=True, blank=True)
    valid_to = models.DateField(_("đến ngày"), null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("phân công vai trò")
        verbose_name_plural = _("phân công vai trò")
        ordering = ["official_id", "-is_primary", "unit_id", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["official", "unit", "role", "valid_from"],
                name="membership_unique_period",
                violation_error_message=_("Cán bộ đã có vai trò này tại đơn vị từ cùng ngày."),
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="membership_valid_range",
                violation_error_message=_("Ngày kết thúc phải sau ngày bắt đầu."),
            ),
        ]
        indexes = [models.Index(fields=["unit", "role"], name="membership_unit_role_idx")]

    def __str__(self) -> str:
        return f"{self.official} – {self.get_role_display()} – {self.unit}"

    def clean(self) -> None:
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("Ngày kết thúc phải sau ngày bắt đầu.")})
