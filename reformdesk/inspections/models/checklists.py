"""Checklist templates as data, versioned: a version that has answers never changes; editing it
makes the next version (``services.templates``)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from reformdesk.inspections.choices import DataSource, FindingKind, Method


class ChecklistTemplate(models.Model):
    """One version of a checklist (``code``, ``version``); the newest active one is used for new
    inspections."""

    code = models.SlugField(_("mã mẫu"), max_length=50)
    version = models.PositiveSmallIntegerField(_("phiên bản"), default=1)
    name = models.CharField(_("tên mẫu"), max_length=200)
    legal_basis = models.TextField(_("căn cứ"), blank=True)
    is_active = models.BooleanField(_("đang dùng"), default=True)
    replaces = models.OneToOneField(
        "self",
        verbose_name=_("thay thế phiên bản"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaced_by",
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("mẫu phiếu kiểm tra")
        verbose_name_plural = _("mẫu phiếu kiểm tra")
        ordering = ["code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="checklist_template_version"),
        ]

    def __str__(self) -> str:
        return f"{self.name} (v{self.version})"


class ChecklistItem(models.Model):
    """One item of a template: what is checked, how, from which data, and the rule it follows."""

    template = models.ForeignKey(ChecklistTemplate, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(_("thứ tự"))
    code = models.SlugField(_("mã nội dung"), max_length=50)
    text = models.CharField(_("nội dung kiểm tra"), max_length=500)
    guidance = models.TextField(_("hướng dẫn kiểm tra"), blank=True)
    method = models.CharField(_("cách kiểm tra"), max_length=8, choices=Method.choices)
    data_source = models.CharField(
        _("dữ liệu điền sẵn"), max_length=20, choices=DataSource.choices, blank=True, default=""
    )
    finding_kind = models.CharField(_("nhóm vi phạm"), max_length=20, choices=FindingKind.choices)
    rule = models.CharField(_("quy định áp dụng"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("nội dung phiếu kiểm tra")
        verbose_name_plural = _("nội dung phiếu kiểm tra")
        ordering = ["template_id", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["template", "code"], name="checklist_item_code"),
            models.CheckConstraint(
                condition=~Q(method=Method.DATA) | ~Q(data_source=""), name="checklist_data_item_has_source"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.text}"
