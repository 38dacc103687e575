"""Attendance devices (ZKTeco push protocol terminals), their command queue and tamper trail."""

from __future__ import annotations

import datetime as dt
import hmac
import ipaddress

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reformdesk.attendance.choices import (
    OPERATION_LABELS,
    TAMPER_OPERATIONS,
    CommandKind,
    CommandStatus,
    DeviceLocation,
    DeviceStatus,
    HeldReason,
)
from reformdesk.core import crypto

DEFAULT_OFFLINE_MINUTES = 60


def offline_minutes() -> int:
    """After how many silent minutes an approved device is shown as offline (a setting)."""
    return int(getattr(settings, "ATTENDANCE_OFFLINE_MINUTES", DEFAULT_OFFLINE_MINUTES))


class Device(models.Model):
    """A terminal that pushes punches to ``/iclock/…``, known by its serial number.

    A serial number never seen before creates a pending row; its uploads are held aside
    (:class:`HeldUpload`) until an administrator approves the device with a unit and a location.
    The three stamps are the device's upload cursors: returned at the handshake so that a device
    resumes where the server stopped, per device.
    """

    serial = models.CharField(_("số sê-ri"), max_length=64, unique=True)
    model_name = models.CharField(_("kiểu máy"), max_length=100, blank=True)
    firmware = models.CharField(_("phiên bản phần mềm"), max_length=100, blank=True)
    push_version = models.CharField(_("phiên bản giao thức"), max_length=20, blank=True)
    unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("đơn vị"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="attendance_devices",
    )
    location = models.CharField(_("vị trí"), max_length=10, choices=DeviceLocation.choices, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=DeviceStatus.choices, default=DeviceStatus.PENDING
    )
    first_seen_at = models.DateTimeField(_("lần đầu kết nối"), default=timezone.now)
    last_contact_at = models.DateTimeField(_("lần kết nối gần nhất"), null=True, blank=True)
    last_ip = models.GenericIPAddressField(_("địa chỉ IP gần nhất"), null=True, blank=True)
    first_ip = models.GenericIPAddressField(_("địa chỉ IP lần đầu"), null=True, blank=True)
    # Anyone who knows an approved serial number could push punches for any PIN: uploads from
    # outside these networks are held (HeldReason.FOREIGN_ADDRESS). Set on approval from the
    # address the device first came from; an empty list (devices approved before) accepts any.
    allowed_networks = models.JSONField(
        _("mạng được phép gửi dữ liệu"),
        default=list,
        blank=True,
        help_text=_("Các dải địa chỉ dạng CIDR, ví dụ 10.1.2.0/24."),
    )
    # The push protocol's ``pushcommkey``, sent by some firmware on its handshake only (never on
    # uploads; attendance/README.md): kept encrypted (core.crypto), never shown once set. With a key,
    # uploads are stored only from the address of the last handshake that carried it.
    comm_key_encrypted = models.TextField(_("khóa giao tiếp (đã mã hóa)"), blank=True)
    key_verified_ip = models.GenericIPAddressField(_("địa chỉ bắt tay đúng khóa"), null=True, blank=True)
    key_verified_at = models.DateTimeField(_("lần bắt tay đúng khóa gần nhất"), null=True, blank=True)
    attlog_stamp = models.CharField(_("mốc chấm công"), max_length=20, default="0")
    operlog_stamp = models.CharField(_("mốc nhật ký thao tác"), max_length=20, default="0")
    attphoto_stamp = models.CharField(_("mốc ảnh chấm công"), max_length=20, default="0")
    options = models.JSONField(_("thông số thiết bị báo về"), default=dict, blank=True)
    malformed_lines = models.PositiveIntegerField(_("số dòng lỗi"), default=0)
    last_malformed_at = models.DateTimeField(_("dòng lỗi gần nhất"), null=True, blank=True)
    rejected_uploads = models.PositiveIntegerField(_("số lần gửi bị từ chối"), default=0)
    approved_at = models.DateTimeField(_("ngày duyệt"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người duyệt"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("máy chấm công")
        verbose_name_plural = _("máy chấm công")
        ordering = ["serial"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="approved") | (Q(unit__isnull=False) & ~Q(location="")),
                name="attendance_device_approved_placed",
                violation_error_message=_("Máy đã duyệt phải có đơn vị và vị trí."),
            ),
        ]
        indexes = [models.Index(fields=["status", "unit"], name="att_device_status_unit_idx")]

    def __str__(self) -> str:
        return self.serial

    def accepts_address(self, ip: str | None) -> bool:
        """Whether an upload from ``ip`` may be stored (no networks set: any address)."""
        if not self.allowed_networks:
            return True
        try:
            address = ipaddress.ip_address(ip or "")
        except ValueError:
            return False
        return any(address in ipaddress.ip_network(net, strict=False) for net in self.allowed_networks)

    @property
    def has_comm_key(self) -> bool:
        return bool(self.comm_key_encrypted)

    @property
    def comm_key(self) -> str:
        """The key in plain text ("" when none); raises ``crypto.InvalidToken`` when no configured
        key opens it (the encryption key was rotated without ``rotate_device_keys``)."""
        return crypto.decrypt(self.comm_key_encrypted) if self.comm_key_encrypted else ""

    @comm_key.setter
    def comm_key(self, plain: str) -> None:
        self.comm_key_encrypted = crypto.encrypt(plain) if plain else ""

    def comm_key_matches(self, sent: str | None) -> bool:
        """Whether ``sent`` is this device's key (compared in constant time; an unreadable key
        matches nothing)."""
        if not self.comm_key_encrypted or not sent:
            return False
        try:
            key = self.comm_key
        except crypto.InvalidToken:
            return False
        return hmac.compare_digest(key.encode(), sent.encode())

    def key_accepts_address(self, ip: str | None) -> bool:
        """Whether an upload from ``ip`` passes the key check: no key set, or ``ip`` is the address
        of the last handshake that carried the right key."""
        if not self.comm_key_encrypted:
            return True
        return self.key_verified_ip is not None and ip == self.key_verified_ip

    def is_offline(self, now: dt.datetime | None = None) -> bool:
        """Whether the device has been silent for longer than the configured limit."""
        if self.last_contact_at is None:
            return True
        return (now or timezone.now()) - self.last_contact_at > dt.timedelta(minutes=offline_minutes())


class HeldUpload(models.Model):
    """An upload kept aside, byte for byte: from a device not yet approved, of an unknown table, or
    from an approved device's serial that failed a trust check (address, communication key).

    Uploads of pending devices are replayed, in arrival order, when the device is approved; those
    that failed a trust check when an administrator releases them (or are deleted when discarded).
    The quotas on what may be held are in ``services/held.py``.
    """

    device = models.ForeignKey(Device, verbose_name=_("máy"), on_delete=models.CASCADE, related_name="held")
    table = models.CharField(_("loại dữ liệu"), max_length=32)
    reason = models.CharField(_("lý do"), max_length=20, choices=HeldReason.choices)
    stamp = models.CharField(_("mốc"), max_length=20, blank=True)
    content_type = models.CharField(_("kiểu nội dung"), max_length=100, blank=True)
    body = models.BinaryField(_("nội dung"))
    received_at = models.DateTimeField(_("thời điểm nhận"), default=timezone.now)
    replayed_at = models.DateTimeField(_("thời điểm xử lý lại"), null=True, blank=True)

    class Meta:
        verbose_name = _("dữ liệu tạm giữ")
        verbose_name_plural = _("dữ liệu tạm giữ")
        ordering = ["device", "received_at", "id"]
        # the quotas sum what waits (replayed_at null) and drop the oldest first
        indexes = [models.Index(fields=["replayed_at", "received_at"], name="att_held_waiting_idx")]

    def __str__(self) -> str:
        return f"{self.device_id} {self.table} {self.received_at:%Y-%m-%d %H:%M:%S}"


class DeviceOperation(models.Model):
    """One OPLOG line: what was done on the device itself (clearing records, setting the clock…)."""

    device = models.ForeignKey(
        Device, verbose_name=_("máy"), on_delete=models.CASCADE, related_name="operations"
    )
    code = models.PositiveSmallIntegerField(_("mã thao tác"))
    admin_pin = models.CharField(_("người thao tác trên máy"), max_length=32, blank=True)
    occurred_at = models.DateTimeField(_("thời điểm"))
    values = models.CharField(_("tham số"), max_length=255, blank=True)
    raw_line = models.TextField(_("dòng gốc"))
    received_at = models.DateTimeField(_("thời điểm nhận"), default=timezone.now)

    class Meta:
        verbose_name = _("thao tác trên máy")
        verbose_name_plural = _("thao tác trên máy")
        ordering = ["-occurred_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["device", "code", "admin_pin", "occurred_at", "values"],
                name="attendance_operation_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.device_id} {self.code} {self.occurred_at:%Y-%m-%d %H:%M:%S}"

    @property
    def label(self) -> str:
        return str(OPERATION_LABELS.get(self.code, _("Thao tác khác")))

    @property
    def is_tamper(self) -> bool:
        return self.code in TAMPER_OPERATIONS


class DeviceCommand(models.Model):
    """A command queued for a device, handed out by getrequest as ``C:<id>:<command>``.

    queued → sent (handed out) → done / failed (the device's devicecmd reply, ``Return`` < 0 fails).
    A reconciliation (``VERIFY SUM ATTLOG``) keeps the device's count and the server's for its range.
    """

    device = models.ForeignKey(
        Device, verbose_name=_("máy"), on_delete=models.CASCADE, related_name="commands"
    )
    kind = models.CharField(_("loại lệnh"), max_length=20, choices=CommandKind.choices)
    command = models.TextField(_("lệnh"))
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=CommandStatus.choices, default=CommandStatus.QUEUED
    )
    return_code = models.IntegerField(_("mã trả về"), null=True, blank=True)
    result = models.TextField(_("kết quả"), blank=True)
    device_count = models.PositiveIntegerField(_("số lượt trên máy"), null=True, blank=True)
    stored_count = models.PositiveIntegerField(_("số lượt đã lưu"), null=True, blank=True)
    created_at = models.DateTimeField(_("thời điểm tạo"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tạo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sent_at = models.DateTimeField(_("thời điểm gửi"), null=True, blank=True)
    completed_at = models.DateTimeField(_("thời điểm hoàn thành"), null=True, blank=True)

    class Meta:
        verbose_name = _("lệnh gửi máy")
        verbose_name_plural = _("lệnh gửi máy")
        ordering = ["device", "id"]
        indexes = [models.Index(fields=["device", "status"], name="att_command_queue_idx")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(command__contains="\n"),
                name="attendance_command_one_line",
                violation_error_message=_("Lệnh gửi máy phải nằm trên một dòng."),
            ),
        ]

    def __str__(self) -> str:
        return f"C:{self.pk}:{self.command}"
