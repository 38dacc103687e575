"""Browser tests of attendance, on the demo data, in headless Chromium, with the device simulator
pushing to the live server over HTTP.

1. A terminal nobody has approved calls in (the simulator); the administrator, signed in with two
   factors, approves it for Xã Tân Kỳ at the entrance; the punch it sent meanwhile is stored;
   its PIN, unknown at the unit, is mapped to an official by hand, and the punch follows.
2. A terminal at Xã Tân Kỳ sends a punch with its photo; the chair sees the day's records, the
   punch and its photo (the view logged), and exports the month's timesheet.
3. An official explains a late arrival on a phone; the chair accepts the explanation and the
   day's record shows it.

Run with ``make test-browser``; screenshots land in build/screenshots/attendance-*.png.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.contrib.auth.models import User
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect

from reformdesk.attendance.choices import DayStatus, DeviceLocation, DeviceStatus, ExplanationStatus
from reformdesk.attendance.demo import _serial
from reformdesk.attendance.models import DailyRecord, Device, DevicePerson, Explanation, Punch, PunchPhoto
from reformdesk.attendance.services.explanations import explanation_request
from reformdesk.attendance.simulator import HttpTransport, SimulatedDevice
from reformdesk.browser_testing import submit
from reformdesk.core.models import AccessLog
from reformdesk.core.tests.helpers import enrol_device
from reformdesk.org.models import Unit

pytestmark = pytest.mark.browser

TAN_KY = "000.71.00.H41"


def sign_in(browsing, username: str, next_path: str) -> None:
    browsing.log_in(username, next_path=next_path)


def test_the_administrator_approves_a_device_the_simulator_registered(browse, live_server):
    device = SimulatedDevice(serial="CQZ7251000777", transport=HttpTransport(live_server.url))
    device.handshake()
    device.send_options()
    moment = timezone.localtime().replace(microsecond=0) - dt.timedelta(minutes=3)
    device.punch("9901", moment, photo=False)
    assert Device.objects.get(serial="CQZ7251000777").status == DeviceStatus.PENDING
    assert not Punch.objects.filter(device__serial="CQZ7251000777").exists()

    admin = User.objects.get(username="admin")
    totp = enrol_device(admin)
    desk = browse()
    page = desk.page
    page.goto(desk.url("/staff/attendance/devices/"))
    page.locator("input[name=username]").fill("admin")
    page.locator("input[name=password]").fill("reformdesk-demo")
    submit(page, page.locator("main form button[type=submit]"))
    page.wait_for_url("**/login/two-factor/**")
    page.locator("input[name=code]").fill(totp.now())
    submit(page, page.locator("main form button[type=submit]").first)
    page.wait_for_url("**/staff/attendance/devices/")
    expect(page.locator("main")).to_contain_text("CQZ7251000777")
    desk.shot("attendance-devices")
    page.goto(desk.url("/staff/attendance/devices/CQZ7251000777/approve/"))
    tan_ky = Unit.objects.get(code=TAN_KY)
    page.locator("select[name=unit]").select_option(str(tan_ky.pk))
    page.locator(f"input[name=location][value={DeviceLocation.ENTRANCE}]").check()
    desk.shot("attendance-approve")
    submit(page, page.get_by_role("button", name="Duyệt máy"))
    page.wait_for_url("**/staff/attendance/devices/CQZ7251000777/")
    expect(page.locator("main [role=alert]").first).to_contain_text("Đã duyệt máy CQZ7251000777")
    desk.shot("attendance-approved")
    approved = Device.objects.get(serial="CQZ7251000777")
    assert (approved.status, approved.unit_id, approved.location) == (
        DeviceStatus.APPROVED,
        tan_ky.pk,
        DeviceLocation.ENTRANCE,
    )
    punch = Punch.objects.get(device=approved, pin="9901", punched_at=moment)
    assert punch.official_id is None

    page.goto(desk.url("/staff/attendance/pins/"))
    row = page.locator("main table tbody tr", has_text="9901")
    expect(row).to_contain_text("Xã Tân Kỳ")
    row.get_by_role("link", name="Xác định cán bộ").click()
    officer = User.objects.get(username="motcua.tanky").official
    page.locator("select[name=official]").select_option(str(officer.pk))
    desk.shot("attendance-pin-map")
    submit(page, page.get_by_role("button", name="Lưu"))
    page.wait_for_url("**/staff/attendance/pins/")
    expect(page.locator("main [role=alert]").first).to_contain_text("Đã gắn mã chấm công 9901")
    punch.refresh_from_db()
    assert punch.official_id == officer.pk
    desk.watch.assert_clean()


def test_the_chair_sees_the_days_records_a_punch_photo_and_the_timesheet(browse, live_server):
    unit = Unit.objects.get(code=TAN_KY)
    person = DevicePerson.objects.filter(unit=unit, official__isnull=False).order_by("pin").first()
    assert person is not None
    device = SimulatedDevice(
        serial=_serial(unit, DeviceLocation.ENTRANCE), transport=HttpTransport(live_server.url)
    )
    device.handshake()
    moment = timezone.localtime().replace(microsecond=0) - dt.timedelta(minutes=2)
    device.punch(person.pin, moment)
    photo = PunchPhoto.objects.get(device__serial=device.serial, pin=person.pin, taken_at=moment)

    chair = browse()
    page = chair.page
    sign_in(chair, "chutich.tanky", "/staff/attendance/days/")
    expect(page.locator("main table")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Xã Tân Kỳ")
    chair.shot("attendance-days")
    page.goto(chair.url("/staff/attendance/punches/"))
    row = page.locator("main table tbody tr", has_text=person.official.full_name).first
    expect(row).to_contain_text(f"{moment:%H:%M:%S}")
    link = row.get_by_role("link", name="Xem ảnh")
    assert link.get_attribute("href") == f"/staff/attendance/photos/{photo.pk}/"
    chair.shot("attendance-punches")
    response = page.goto(chair.url(f"/staff/attendance/photos/{photo.pk}/"))
    assert response.status == 200 and response.headers["content-type"] == "image/jpeg"
    assert AccessLog.objects.filter(purpose="photo.view", subject_id=str(photo.pk)).count() == 1

    page.goto(chair.url("/staff/attendance/dashboard/"))
    expect(page.get_by_test_id("week-chart")).to_be_visible()
    chair.shot("attendance-dashboard")
    page.goto(chair.url("/staff/attendance/timesheet/"))
    expect(page.get_by_test_id("timesheet")).to_contain_text(person.official.full_name)
    chair.shot("attendance-timesheet")
    with page.expect_download() as download:
        page.get_by_test_id("timesheet-xlsx").click()
    sheet = load_workbook(io.BytesIO(download.value.path().read_bytes())).active
    today = timezone.localdate()
    assert (sheet["A2"].value, sheet["A3"].value) == ("XÃ TÂN KỲ", "BẢNG CHẤM CÔNG")
    assert sheet["A4"].value == f"Tháng {today:%m} năm {today.year}"
    names = [sheet.cell(row=r, column=2).value for r in range(8, sheet.max_row + 1)]
    assert person.official.full_name in names

    phone = browse(phone=True)
    sign_in(phone, "chutich.tanky", "/staff/attendance/days/")
    expect(phone.page.locator("main table")).to_be_visible()
    phone.shot("attendance-days-phone")
    chair.watch.assert_clean()
    phone.watch.assert_clean()


def test_an_official_explains_a_late_arrival_and_the_chair_accepts_it(browse):
    officer = User.objects.get(username="motcua.tanky").official
    day = timezone.localdate() - dt.timedelta(days=1)
    while day.weekday() >= 5:
        day -= dt.timedelta(days=1)
    unit = Unit.objects.get(code=TAN_KY)
    record, _created = DailyRecord.objects.update_or_create(
        official=officer,
        day=day,
        defaults={"unit": unit, "status": DayStatus.LATE, "late_minutes": 25, "first_in": timezone.now()},
    )
    Explanation.objects.filter(record=record).delete()  # the demo may have asked already
    explanation = explanation_request(actor=None, record=record)

    phone = browse(phone=True)
    page = phone.page
    sign_in(phone, "motcua.tanky", "/staff/attendance/explanations/")
    expect(page.locator("main")).to_contain_text("Tôi cần giải trình")
    page.locator("main a", has_text=f"{day:%d/%m/%Y}").first.click()
    page.get_by_label("Nội dung giải trình").fill("Đưa con đi khám bệnh tại trạm y tế xã, có giấy hẹn.")
    phone.shot("attendance-explain-phone")
    submit(page, page.get_by_role("button", name="Gửi giải trình"))
    expect(page.get_by_test_id("explanation-status")).to_have_text("Chờ lãnh đạo xem xét")
    phone.shot("attendance-explained-phone")

    chair = browse()
    sign_in(chair, "chutich.tanky", "/staff/attendance/explanations/")
    expect(chair.page.locator("main")).to_contain_text("Chờ tôi xem xét")
    chair.page.goto(chair.url(f"/staff/attendance/explanations/{explanation.pk}/"))
    expect(chair.page.locator("main")).to_contain_text("Đưa con đi khám bệnh")
    chair.page.locator("input[name=note]").fill("Đồng ý")
    submit(chair.page, chair.page.get_by_role("button", name="Chấp nhận", exact=True))
    expect(chair.page.get_by_test_id("explanation-status")).to_have_text("Chấp nhận")
    expect(chair.page.locator("main")).to_contain_text("Không tính vi phạm")
    chair.shot("attendance-explanation-accepted")
    explanation.refresh_from_db()
    record.refresh_from_db()
    assert (explanation.status, record.excused) == (ExplanationStatus.ACCEPTED, True)
    phone.watch.assert_clean()
    chair.watch.assert_clean()
