"""Admin forms: they validate through the services, so the admin refuses exactly what the API
and the services refuse, with the same messages."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import construct_instance
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reformdesk.core.forms import TextInputMixin
from reformdesk.worktime import services
from reformdesk.worktime.choices import Season, WorkWeekday
from reformdesk.worktime.models import CalendarOverride, OfficeSchedule

Session = tuple[dt.time, dt.time]
_SESSION = re.compile(r"\s*(\d{1,2})[:h](\d{2})\s*[-–—]\s*(\d{1,2})[:h](\d{2})\s*")
WEEKDAY_FIELDS = ("monday", "tuesday", "wednesday", "thursday", "friday")


def parse_sessions(text: str) -> list[Session]:
    """``"07:00–11:30, 13:30–17:00"`` → two sessions; an empty text is a day without sessions."""
    sessions: list[Session] = []
    for part in filter(None, (p.strip() for p in re.split(r"[,;]", text or ""))):
        match = _SESSION.fullmatch(part)
        if match is None:
            raise ValidationError(
                _("Không đọc được buổi «%(part)s». Ghi theo mẫu 07:00–11:30, 13:30–17:00.") % {"part": part}
            )
        h1, m1, h2, m2 = (int(g) for g in match.groups())
        try:
            sessions.append((dt.time(h1, m1), dt.time(h2, m2)))
        except ValueError:
            raise ValidationError(_("Giờ không hợp lệ trong «%(part)s».") % {"part": part}) from None
    return sessions


def format_sessions(sessions: list[Session]) -> str:
    return ", ".join(f"{start:%H:%M}–{end:%H:%M}" for start, end in sessions)


class ServiceValidatedForm(TextInputMixin, forms.ModelForm):
    """A model form whose ``clean()`` runs the service's validation. The model's own checks are
    part of it, so ``_post_clean`` only copies the values (running them twice would show every
    message twice)."""

    def _post_clean(self) -> None:
        self.instance = construct_instance(self, self.instance, self._meta.fields, self._meta.exclude)

    def add_service_errors(self, error: ValidationError) -> None:
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for field, messages in error.message_dict.items():
            self.add_error(field if field in self.fields else None, messages)


OVERRIDE_FORM_FIELDS = ["date", "kind", "name_vi", "name_en", "source", "is_active", "unit"]
SCHEDULE_FORM_FIELDS = [
    "unit",
    "name_vi",
    "name_en",
    "season",
    "season_start_day",
    "season_start_month",
    "season_end_day",
    "season_end_month",
    "valid_from",
    "valid_to",
    "cutoff",
]


class CalendarOverrideAdminForm(ServiceValidatedForm):
    class Meta:
        model = CalendarOverride
        fields = OVERRIDE_FORM_FIELDS

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.errors:
            return data
        candidate = CalendarOverride(pk=self.instance.pk, **{f: data.get(f) for f in OVERRIDE_FORM_FIELDS})
        candidate.name_en = candidate.name_en or ""
        candidate.source = candidate.source or ""
        candidate._state.adding = self.instance._state.adding  # an edit is not a second row
        try:
            services.override_validate(candidate)
        except ValidationError as error:
            self.add_service_errors(error)
        return data


class OfficeScheduleAdminForm(ServiceValidatedForm):
    monday = forms.CharField(label=WorkWeekday.MONDAY.label, required=False)
    tuesday = forms.CharField(label=WorkWeekday.TUESDAY.label, required=False)
    wednesday = forms.CharField(label=WorkWeekday.WEDNESDAY.label, required=False)
    thursday = forms.CharField(label=WorkWeekday.THURSDAY.label, required=False)
    friday = forms.CharField(
        label=WorkWeekday.FRIDAY.label,
        required=False,
        help_text=gettext_lazy("Các buổi làm việc, ví dụ 07:00–11:30, 13:30–17:00. Để trống nếu nghỉ."),
    )

    class Meta:
        model = OfficeSchedule
        fields = SCHEDULE_FORM_FIELDS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.week: dict[int, list[Session]] = {}
        if self.instance.pk:
            week: dict[int, list[Session]] = {i: [] for i in range(5)}
            for session in self.instance.sessions.all():
                week[session.weekday].append((session.start, session.end))
            for weekday, name in enumerate(WEEKDAY_FIELDS):
                self.initial[name] = format_sessions(sorted(week[weekday]))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for weekday, name in enumerate(WEEKDAY_FIELDS):
            try:
                self.week[weekday] = parse_sessions(data.get(name, ""))
            except ValidationError as error:
                self.add_error(name, error)
        if self.errors:
            return data
        candidate = OfficeSchedule(pk=self.instance.pk, **{f: data.get(f) for f in SCHEDULE_FORM_FIELDS})
        candidate.name_en = candidate.name_en or ""
        candidate.season = candidate.season or Season.ALL_YEAR
        candidate._state.adding = self.instance._state.adding  # an edit is not a second row
        try:
            services.schedule_validate(candidate, self.week)
        except ValidationError as error:
            self.add_service_errors(error)
        return data

    def service_kwargs(self) -> dict[str, Any]:
        """The cleaned data as ``services.schedule_set`` keyword arguments."""
        data = self.cleaned_data
        seasonal = data["season"] != Season.ALL_YEAR
        return {
            "unit": data["unit"],
            "name_vi": data["name_vi"],
            "name_en": data.get("name_en") or "",
            "season": data["season"],
            "season_start": (data["season_start_month"], data["season_start_day"]) if seasonal else None,
            "season_end": (data["season_end_month"], data["season_end_day"]) if seasonal else None,
            "valid_from": data["valid_from"],
            "valid_to": data.get("valid_to"),
            "cutoff": data.get("cutoff"),
            "sessions": self.week,
        }
