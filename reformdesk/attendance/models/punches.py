"""People on devices and what the devices recorded: punches and photos."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reformdesk.attendance.choices import PersonSource, PunchStatus, VerifyMode
from reformdesk.attendance.models.devices import Device

_VERIFY_LABELS = dict(VerifyMode.choices)
_STATUS_LABELS = dict(PunchStatus.choices)


class DevicePerson(models.Model):
    """A PIN enrolled on the devices of a unit, and the official it stands for.

    ``official`` is empty while nobody has resolved who the PIN is (the "unknown PINs" list).
    PINs are per unit: the devices of one office share one enrolment list.
    """

    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("đơn vị"), on_delete=models.CASCADE, related_name="device_people"
    )
    pin = models.CharField(_("mã chấm công (PIN)"), max_length=32)
    official = models.ForeignKey(
        "org.Official",
        verbose_name=_("cán bộ"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="device_pins",
    )
    name_on_device = models.CharField(_("tên trên máy"), max_length=100, blank=True)
    source = models.CharField(_("nguồn"), max_length=10, choices=PersonSource.choices)
    source_device = models.ForeignKey(
        Device,
        verbose_name=_("máy báo về"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("cập nhật lúc"), default=timezone.now)

    class Meta:
        verbose_name = _("người dùng trên máy chấm công")
        verbose_name_plural = _("người dùng trên máy chấm công")
        ordering = ["unit", "pin"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "pin"],
                name="attendance_pin_once_per_unit",
                violation_error_message=_("Mã chấm công này đã có ở đơn vị."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pin} → {self.official or '?'}"


class Punch(models.Model):
    """One fingerprint or face event as the device recorded it (an ATTLOG line).

    ``punched_at`` is the device's local time (Asia/Ho_Chi_Minh) made aware. Stored once per
    device, PIN and time, whatever the number of resends. ``is_future`` flags a punch dated
    beyond the tolerated clock drift at reception: kept, but not trusted.
    """

    device = models.ForeignKey(
        Device, verbose_name=_("máy"), on_delete=models.PROTECT, related_name="punches"
    )
    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="punches"
    )
    pin = models.CharField(_("mã chấm công (PIN)"), max_length=32)
    official = models.ForeignKey(
        "org.Official",
        verbose_name=_("cán bộ"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="punches",
    )
    punched_at = models.DateTimeField(_("thời điểm chấm"))
    status = models.PositiveSmallIntegerField(_("trạng thái"), default=PunchStatus.CHECK_IN)
    verify = models.PositiveSmallIntegerField(_("cách xác thực"), default=VerifyMode.FINGERPRINT)
    workcode = models.CharField(_("mã công việc"), max_length=32, blank=True)
    raw_line = models.CharField(_("dòng gốc"), max_length=500)
    received_at = models.DateTimeField(_("thời điểm nhận"), default=timezone.now)
    is_future = models.BooleanField(_("thời điểm ở tương lai"), default=False)

    class Meta:
        verbose_name = _("lượt chấm công")
        verbose_name_plural = _("lượt chấm công")
        ordering = ["-punched_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["device", "pin", "punched_at"], name="attendance_punch_once"),
        ]
        indexes = [
            models.Index(fields=["unit", "punched_at"], name="att_punch_unit_time_idx"),
            models.Index(fields=["official", "punched_at"], name="att_punch_official_time_idx"),
            models.Index(fields=["unit", "pin"], name="att_punch_unit_pin_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.pin} {timezone.localtime(self.punched_at):%Y-%m-%d %H:%M:%S}"

    @property
    def verify_label(self) -> str:
        return str(_VERIFY_LABELS.get(self.verify, _("Khác (%(code)s)") % {"code": self.verify}))

    @property
    def status_label(self) -> str:
        return str(_STATUS_LABELS.get(self.status, _("Khác (%(code)s)") % {"code": self.status}))


def punch_photo_path(instance: PunchPhoto, filename: str) -> str:
    local = timezone.localtime(instance.taken_at)
    return f"attendance/photos/{instance.device.serial}/{local:%Y/%m/%d}/{filename}"


class PunchPhoto(models.Model):
    """A camera shot taken by the device at a punch, or at a failed verification (no PIN).

    Photo and punch arrive separately in either order; ``punch`` is filled by whichever comes
    second. Personal data: every view is logged.
    """

    device = models.ForeignKey(Device, verbose_name=_("máy"), on_delete=models.PROTECT, related_name="photos")
    # NULL, not "": a failed verification has no PIN, and the partial unique indexes tell them apart.
    pin = models.CharField(_("mã chấm công (PIN)"), max_length=32, null=True, blank=True)  # noqa: DJ001
    taken_at = models.DateTimeField(_("thời điểm chụp"))
    image = models.FileField(_("ảnh"), upload_to=punch_photo_path)
    size = models.PositiveIntegerField(_("dung lượng (byte)"))
    punch = models.ForeignKey(
        Punch,
        verbose_name=_("lượt chấm"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="photos",
    )
    received_at = models.DateTimeField(_("thời điểm nhận"), default=timezone.now)

    class Meta:
        verbose_name = _("ảnh chấm công")
        verbose_name_plural = _("ảnh chấm công")
        ordering = ["-taken_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["device", "pin", "taken_at"],
                condition=Q(pin__isnull=False),
                name="attendance_photo_once",
            ),
            models.UniqueConstraint(
                fields=["device", "taken_at"],
                condition=Q(pin__isnull=True),
                name="attendance_failed_photo_once",
            ),
        ]
        indexes = [models.Index(fields=["device", "taken_at"], name="att_photo_device_time_idx")]

    def __str__(self) -> str:
        return f"{self.pin or '-'} {timezone.localtime(self.taken_at):%Y-%m-%d %H:%M:%S}"

    @property
    def is_failed_verification(self) -> bool:
        return self.pin is None
