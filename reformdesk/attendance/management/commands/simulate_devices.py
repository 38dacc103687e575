"""Play office days on simulated ZKTeco terminals against a running ReformDesk over HTTP.

    manage.py simulate_devices                       # the demo units' devices, today
    manage.py simulate_devices --unit 000.71.00.H41 --day 2025-09-08 --days 5 --seed 7
    manage.py simulate_devices --serial NEW0001      # an unknown device: it waits for approval

The devices and their PINs are read from the database (approved devices of each unit, PINs mapped
to officials); everything else goes over HTTP exactly as a terminal would send it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from reformdesk.attendance.choices import DeviceLocation, DeviceStatus
from reformdesk.attendance.models import Device, DevicePerson
from reformdesk.attendance.simulator import HttpTransport, SimulatedDevice, simulate_day
from reformdesk.org.models import Unit
from reformdesk.worktime.calendar import calendar_for_unit


class Command(BaseCommand):
    help = "Simulate ZKTeco attendance terminals pushing a day of punches to a ReformDesk server."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--base-url", default="http://127.0.0.1:8000", help="server address")
        parser.add_argument("--unit", action="append", default=[], help="unit code (repeatable)")
        parser.add_argument("--serial", default="", help="simulate one unknown device with this serial")
        parser.add_argument("--day", default="", help="first day, YYYY-MM-DD (default: today)")
        parser.add_argument("--days", type=int, default=1, help="number of consecutive days")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--no-outage", action="store_true", help="no network outage during the day")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            transport = HttpTransport(options["base_url"])
            first = dt.date.fromisoformat(options["day"]) if options["day"] else timezone.localdate()
        except ValueError as error:
            raise CommandError(str(error)) from error
        if not 1 <= options["days"] <= 366:
            raise CommandError("--days must be between 1 and 366")
        plans = self._plans(options, transport)
        if not plans:
            raise CommandError(
                "no approved device with mapped PINs found; give --serial to simulate a new one"
            )
        for offset in range(options["days"]):
            day = first + dt.timedelta(days=offset)
            for label, entrance, exit_device, pins in plans:
                if not self._working(label, day):
                    self.stdout.write(f"{day} {label}: day off, nobody comes")
                    continue
                try:
                    report = simulate_day(
                        entrance=entrance,
                        exit_device=exit_device,
                        pins=pins,
                        day=day,
                        seed=options["seed"],
                        outage=not options["no_outage"],
                    )
                except (OSError, RuntimeError) as error:
                    raise CommandError(f"{label}: {error}") from error
                self.stdout.write(
                    f"{day} {label}: {report.punches} punches ({report.late} late, {report.missing} missing "
                    f"punch-outs, {report.absent} absent), "
                    f"{report.failed_verifications} failed verification, "
                    f"{report.duplicate_resends} duplicate resend, {report.commands} commands, "
                    f"{report.requests} requests so far"
                )

    @staticmethod
    def _working(label: str, day: dt.date) -> bool:
        """Whether the unit works that day (its calendar: weekends, holidays, make-up Saturdays)."""
        unit = Unit.objects.filter(code=label).first()
        if unit is None:  # a lone unknown device: weekdays
            return day.weekday() < 5
        return calendar_for_unit(unit).workday(day).is_working

    def _plans(
        self, options: dict[str, Any], transport: HttpTransport
    ) -> list[tuple[str, SimulatedDevice, SimulatedDevice | None, list[str]]]:
        if options["serial"]:
            device = SimulatedDevice(serial=options["serial"], transport=transport)
            return [(options["serial"], device, None, [str(pin) for pin in range(1, 11)])]
        devices = (
            Device.objects.filter(status=DeviceStatus.APPROVED).select_related("unit").order_by("serial")
        )
        if options["unit"]:
            devices = devices.filter(unit__code__in=options["unit"])
        by_unit: dict[int, list[Device]] = {}
        for device in devices:
            by_unit.setdefault(device.unit_id or 0, []).append(device)
        plans = []
        for unit_devices in by_unit.values():
            unit = unit_devices[0].unit
            assert unit is not None
            pins = list(
                DevicePerson.objects.filter(unit=unit, official__isnull=False)
                .order_by("pin")
                .values_list("pin", flat=True)
            )
            if not pins:
                continue
            entrance = next(
                (d for d in unit_devices if d.location == DeviceLocation.ENTRANCE), unit_devices[0]
            )
            exit_row = next((d for d in unit_devices if d.location == DeviceLocation.EXIT), None)
            plans.append(
                (
                    unit.code,
                    SimulatedDevice(serial=entrance.serial, transport=transport),
                    SimulatedDevice(serial=exit_row.serial, transport=transport) if exit_row else None,
                    pins,
                )
            )
        return plans
