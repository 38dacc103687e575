"""Compute the daily attendance records and close the synced days (a nightly job).

manage.py attendance_days                          # yesterday and today, every unit with devices
manage.py attendance_days --unit 000.71.00.H41 --from 2025-09-01 --to 2025-09-30
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from reformdesk.attendance.choices import DeviceStatus
from reformdesk.attendance.models import Device
from reformdesk.attendance.receiver import VN_TZ
from reformdesk.attendance.services.days import daily_records_close, daily_records_compute
from reformdesk.attendance.services.devices import command_verify_sum
from reformdesk.org.models import Unit


class Command(BaseCommand):
    help = "Compute daily attendance records from punches and close the days every device has synced past."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--unit", action="append", default=[], help="unit code (repeatable)")
        parser.add_argument(
            "--from", dest="start", default="", help="first day, YYYY-MM-DD (default: yesterday)"
        )
        parser.add_argument("--to", dest="end", default="", help="last day, YYYY-MM-DD (default: today)")
        parser.add_argument(
            "--verify", action="store_true", help="queue a punch-count reconciliation per device"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        try:
            start = (
                dt.date.fromisoformat(options["start"]) if options["start"] else today - dt.timedelta(days=1)
            )
            end = dt.date.fromisoformat(options["end"]) if options["end"] else today
        except ValueError as error:
            raise CommandError(str(error)) from error
        if end < start:
            raise CommandError("--to must not be before --from")
        units = (
            Unit.objects.filter(attendance_devices__status=DeviceStatus.APPROVED).distinct().order_by("path")
        )
        if options["unit"]:
            units = Unit.objects.filter(code__in=options["unit"]).order_by("path")
            missing = set(options["unit"]) - {u.code for u in units}
            if missing:
                raise CommandError(f"unknown unit code(s): {', '.join(sorted(missing))}")
        for unit in units:
            written = daily_records_compute(unit=unit, start=start, end=end)
            closed = daily_records_close(unit=unit)
            queued = 0
            if options["verify"]:
                span_start = dt.datetime.combine(start, dt.time.min, tzinfo=VN_TZ)
                span_end = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=VN_TZ)
                for device in Device.objects.filter(unit=unit, status=DeviceStatus.APPROVED).order_by(
                    "serial"
                ):
                    command_verify_sum(actor=None, device=device, start=span_start, end=span_end)
                    queued += 1
            self.stdout.write(
                f"{unit.code}: {written} records computed, {closed} closed, {queued} reconciliations queued"
            )
