"""Counters of failed attempts shared by every worker process, kept in the database."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AttemptCounter(models.Model):
    """Failures under one key (``scope`` + ``key``, e.g. a dossier code or a client address) in a
    fixed window that starts with the first failure and lasts as long as the caller says.

    A row per key, incremented in one locked transaction (``core.services.counters``), so two
    processes never lose a count; rows whose window ended are deleted as new ones are made.
    """

    scope = models.CharField(_("phạm vi"), max_length=40)
    key = models.CharField(_("khóa"), max_length=100)
    window_start = models.DateTimeField(_("đầu khoảng đếm"), default=timezone.now)
    count = models.PositiveIntegerField(_("số lần"), default=0)

    class Meta:
        verbose_name = _("bộ đếm lần thử sai")
        verbose_name_plural = _("bộ đếm lần thử sai")
        ordering = ["scope", "key"]
        constraints = [models.UniqueConstraint(fields=["scope", "key"], name="core_attempt_counter_key")]
        indexes = [models.Index(fields=["scope", "window_start"], name="core_counter_window_idx")]

    def __str__(self) -> str:
        return f"{self.scope}:{self.key} = {self.count}"
