"""Choices of the attendance app: device states, punch codes, command states."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DeviceStatus(models.TextChoices):
    PENDING = "pending", _("Chờ duyệt")
    APPROVED = "approved", _("Đã duyệt")
    DISABLED = "disabled", _("Ngừng sử dụng")


class DeviceLocation(models.TextChoices):
    ENTRANCE = "entrance", _("Lối vào")
    EXIT = "exit", _("Lối ra")


class PunchStatus(models.IntegerChoices):
    """The attendance state the official chose on the device (ZKTeco codes)."""

    CHECK_IN = 0, _("Vào")
    CHECK_OUT = 1, _("Ra")
    BREAK_OUT = 2, _("Ra giữa giờ")
    BREAK_IN = 3, _("Vào giữa giờ")
    OVERTIME_IN = 4, _("Vào làm thêm")
    OVERTIME_OUT = 5, _("Ra làm thêm")


class VerifyMode(models.IntegerChoices):
    """How the official was recognised. Old firmware sends 0–9, newer firmware adds 15 and up."""

    PASSWORD = 0, _("Mật khẩu")
    FINGERPRINT = 1, _("Vân tay")
    CARD = 2, _("Thẻ")
    FACE_OLD = 9, _("Khuôn mặt (thiết bị cũ)")
    FACE = 15, _("Khuôn mặt")
    PALM = 25, _("Lòng bàn tay")


class PersonSource(models.TextChoices):
    DEVICE = "device", _("Từ thiết bị")
    HAND = "hand", _("Nhập tay")


class HeldReason(models.TextChoices):
    PENDING_DEVICE = "pending_device", _("Thiết bị chưa được duyệt")
    UNKNOWN_TABLE = "unknown_table", _("Loại dữ liệu chưa hỗ trợ")
    FOREIGN_ADDRESS = "foreign_address", _("Gửi từ địa chỉ ngoài mạng cho phép")
    BAD_KEY = "bad_key", _("Gửi từ địa chỉ chưa bắt tay đúng khóa giao tiếp")


# Held data nobody vouched for (a device not approved yet, a table the server does not read): bounded
# by the held-data quotas, the oldest dropped first (services/held.py).
EVICTABLE_HELD_REASONS = (HeldReason.PENDING_DEVICE, HeldReason.UNKNOWN_TABLE)
# An approved device's uploads that failed a trust check: maybe its real punches (it moved network),
# maybe someone else's; never dropped automatically, released or discarded on the device page.
UNTRUSTED_HELD_REASONS = (HeldReason.FOREIGN_ADDRESS, HeldReason.BAD_KEY)


class CommandStatus(models.TextChoices):
    QUEUED = "queued", _("Chờ gửi")
    SENT = "sent", _("Đã gửi")
    DONE = "done", _("Đã thực hiện")
    FAILED = "failed", _("Lỗi")


class CommandKind(models.TextChoices):
    USER_UPDATE = "user_update", _("Nạp người dùng lên thiết bị")
    USER_DELETE = "user_delete", _("Xóa người dùng khỏi thiết bị")
    CHECK = "check", _("Yêu cầu gửi lại dữ liệu")
    QUERY_ATTLOG = "query_attlog", _("Lấy lại lượt chấm công theo khoảng thời gian")
    VERIFY_SUM = "verify_sum", _("Đối chiếu số lượt chấm công")
    REBOOT = "reboot", _("Khởi động lại")


# OPLOG operation codes kept as a tamper trail (ZKTeco push protocol numbering).
TAMPER_OPERATIONS = {
    9: _("Xóa người dùng"),
    13: _("Xóa toàn bộ dữ liệu"),
    21: _("Chỉnh giờ thiết bị"),
    22: _("Khôi phục cài đặt gốc"),
    23: _("Xóa lượt chấm công"),
    35: _("Xóa ảnh chấm công"),
}
OPERATION_LABELS = {
    0: _("Khởi động"),
    1: _("Tắt máy"),
    2: _("Xác thực thất bại"),
    3: _("Báo động"),
    4: _("Vào menu quản trị"),
    5: _("Thay đổi cài đặt"),
    6: _("Đăng ký vân tay"),
    7: _("Đăng ký mật khẩu"),
    8: _("Đăng ký thẻ"),
    10: _("Xóa vân tay"),
    30: _("Đăng ký người dùng mới"),
    70: _("Đổi tên người dùng"),
    **TAMPER_OPERATIONS,
}


class DayStatus(models.TextChoices):
    PRESENT = "present", _("Đủ công")
    LATE = "late", _("Đi muộn")
    EARLY = "early", _("Về sớm")
    MISSING_PUNCH = "missing_punch", _("Thiếu lượt chấm")
    ABSENT = "absent", _("Vắng mặt")
    DAY_OFF = "day_off", _("Ngày nghỉ")
    EXCEPTION = "exception", _("Vắng có lý do")


class ExceptionKind(models.TextChoices):
    """Leave and absences approved beforehand, as offices name them."""

    ANNUAL_LEAVE = "annual_leave", _("Nghỉ phép năm")
    SICK_LEAVE = "sick_leave", _("Nghỉ ốm")
    MATERNITY = "maternity", _("Nghỉ thai sản")
    PERSONAL = "personal", _("Nghỉ việc riêng")
    UNPAID = "unpaid", _("Nghỉ không hưởng lương")
    COMPENSATORY = "compensatory", _("Nghỉ bù")
    BUSINESS_TRIP = "business_trip", _("Đi công tác")
    TRAINING = "training", _("Học tập, bồi dưỡng")
    APPROVED_ABSENCE = "approved_absence", _("Vắng mặt có lý do")


# Kinds counted as leave in the timesheet's totals; the others (trip, training, approved absence)
# count as days worked, as offices count them.
LEAVE_KINDS = frozenset(
    {
        ExceptionKind.ANNUAL_LEAVE,
        ExceptionKind.SICK_LEAVE,
        ExceptionKind.MATERNITY,
        ExceptionKind.PERSONAL,
        ExceptionKind.UNPAID,
        ExceptionKind.COMPENSATORY,
    }
)


class DaySession(models.TextChoices):
    ALL_DAY = "", _("Cả ngày")
    MORNING = "morning", _("Buổi sáng")
    AFTERNOON = "afternoon", _("Buổi chiều")


class ExceptionStatus(models.TextChoices):
    PENDING = "pending", _("Chờ duyệt")
    APPROVED = "approved", _("Đã duyệt")
    REJECTED = "rejected", _("Không duyệt")
    CANCELLED = "cancelled", _("Đã hủy")


class ExplanationStatus(models.TextChoices):
    REQUESTED = "requested", _("Chờ giải trình")
    ANSWERED = "answered", _("Chờ lãnh đạo xem xét")
    ACCEPTED = "accepted", _("Chấp nhận")
    REJECTED = "rejected", _("Không chấp nhận")
    WITHDRAWN = "withdrawn", _("Không còn phải giải trình")
