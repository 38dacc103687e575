"""The vocabulary of inspections (kiểm tra công vụ): kinds, statuses, how an item is checked,
answers, findings, follow-ups and events.

The status sets the services, selectors and pages read are declared here once.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Kind(models.TextChoices):
    PLANNED = "planned", _("Theo kế hoạch")
    SUDDEN = "sudden", _("Đột xuất")


class Status(models.TextChoices):
    """An inspection's place: prepared, running on site, finished by the team, signed by the
    team leader (the record is then frozen), signed by the inspected unit's leader."""

    PREPARED = "prepared", _("Đã lập")
    IN_PROGRESS = "in_progress", _("Đang kiểm tra")
    COMPLETED = "completed", _("Đã kiểm tra xong")
    LEADER_SIGNED = "leader_signed", _("Trưởng đoàn đã ký biên bản")
    SIGNED = "signed", _("Biên bản đã ký")
    CANCELLED = "cancelled", _("Đã hủy")


# The team still writes: answers, attendance checks, findings and photos.
EDITABLE_STATUSES = frozenset({Status.PREPARED, Status.IN_PROGRESS, Status.COMPLETED})
# The inspection has begun: a sudden inspection becomes visible to the inspected unit's leader.
STARTED_STATUSES = frozenset({Status.IN_PROGRESS, Status.COMPLETED, Status.LEADER_SIGNED, Status.SIGNED})
# The record carries a signature: nothing in it may change any more.
SIGNED_STATUSES = frozenset({Status.LEADER_SIGNED, Status.SIGNED})


class Method(models.TextChoices):
    """How a checklist item is checked (issue 14)."""

    EYE = "eye", _("Quan sát trực tiếp")
    COUNT = "count", _("Kiểm đếm")
    DATA = "data", _("Từ dữ liệu ReformDesk")


class DataSource(models.TextChoices):
    """What ReformDesk pre-fills an item from, at the inspected moment."""

    NONE = "", _("Không")
    ATTENDANCE = "attendance", _("Chấm công, nghỉ phép, công tác")
    POSTINGS = "postings", _("Danh mục TTHC niêm yết tại Bộ phận Một cửa")
    DESK_STAFF = "desk_staff", _("Cán bộ Bộ phận Một cửa")
    OVERDUE_TASKS = "overdue_tasks", _("Nhiệm vụ quá hạn")
    OVERDUE_DOSSIERS = "overdue_dossiers", _("Hồ sơ quá hạn")
    DOCUMENTS = "documents", _("Sổ văn bản đi, đến")


class Result(models.TextChoices):
    NONE = "", _("Chưa trả lời")
    PASS = "pass", _("Đạt")
    FAIL = "fail", _("Không đạt")
    NOT_APPLICABLE = "na", _("Không áp dụng")


class Presence(models.TextChoices):
    """One official at the inspected moment, as pre-filled and as the inspector confirms it."""

    PRESENT = "present", _("Có mặt")
    LATE = "late", _("Có mặt, đến muộn")
    ABSENT = "absent", _("Vắng không lý do")
    LEAVE = "leave", _("Nghỉ phép, nghỉ có lý do")
    BUSINESS_TRIP = "business_trip", _("Đi công tác")
    TRAINING = "training", _("Học tập, bồi dưỡng")
    OUTSIDE_HOURS = "outside_hours", _("Ngoài giờ làm việc")


# An official found so is a breach of the working-hours rules.
BREACH_PRESENCES = frozenset({Presence.ABSENT, Presence.LATE})


class Severity(models.TextChoices):
    MINOR = "minor", pgettext_lazy("finding severity", "Nhẹ")
    MODERATE = "moderate", pgettext_lazy("finding severity", "Trung bình")
    SERIOUS = "serious", pgettext_lazy("finding severity", "Nghiêm trọng")


class FindingKind(models.TextChoices):
    """What a finding is about: the shipped template's groups, for the figures."""

    ATTENDANCE = "attendance", _("Chấp hành thời giờ làm việc")
    NAME_TAG = "name_tag", _("Đeo thẻ cán bộ, công chức")
    POSTING = "posting", _("Niêm yết thủ tục hành chính")
    HOTLINE = "hotline", _("Đường dây nóng, lịch tiếp công dân")
    SUGGESTION_BOX = "suggestion_box", _("Hòm thư góp ý")
    DESK = "desk", _("Bố trí Bộ phận Một cửa")
    CULTURE = "culture", _("Văn hóa công sở")
    DOCUMENTS = "documents", _("Quản lý văn bản")
    OVERDUE = "overdue", _("Nhiệm vụ, hồ sơ quá hạn")
    OTHER = "other", _("Khác")


class FindingStatus(models.TextChoices):
    OPEN = "open", _("Chưa khắc phục")
    REMEDIATING = "remediating", _("Đang khắc phục")
    CLOSED = "closed", _("Đã khắc phục")
    REOPENED = "reopened", _("Chưa khắc phục sau kiểm tra lại")


OPEN_FINDING_STATUSES = frozenset({FindingStatus.OPEN, FindingStatus.REMEDIATING, FindingStatus.REOPENED})


class EventKind(models.TextChoices):
    CREATED = "created", pgettext_lazy("inspection event", "Lập cuộc kiểm tra")
    STARTED = "started", pgettext_lazy("inspection event", "Bắt đầu kiểm tra")
    ANSWERED = "answered", pgettext_lazy("inspection event", "Ghi kết quả một nội dung")
    PRESENCE_CORRECTED = "presence_corrected", pgettext_lazy("inspection event", "Xác nhận, sửa có mặt")
    PHOTO_ADDED = "photo_added", pgettext_lazy("inspection event", "Thêm ảnh")
    FINDING_ADDED = "finding_added", pgettext_lazy("inspection event", "Ghi vi phạm")
    COMPLETED = "completed", pgettext_lazy("inspection event", "Kết thúc kiểm tra")
    LEADER_SIGNED = "leader_signed", pgettext_lazy("inspection event", "Trưởng đoàn ký biên bản")
    UNIT_SIGNED = "unit_signed", pgettext_lazy("inspection event", "Lãnh đạo đơn vị ký biên bản")
    REGISTERED = "registered", pgettext_lazy("inspection event", "Vào sổ văn bản đi")
    CANCELLED = "cancelled", pgettext_lazy("inspection event", "Hủy cuộc kiểm tra")
    TASK_CREATED = "task_created", pgettext_lazy("inspection event", "Giao nhiệm vụ khắc phục")
    FOLLOW_UP_CLOSED = "follow_up_closed", pgettext_lazy("inspection event", "Kiểm tra lại: đã khắc phục")
    BREACH_RECORDED = "breach_recorded", pgettext_lazy("inspection event", "Ghi nhận vi phạm cam kết")
    FOLLOW_UP_REOPENED = (
        "follow_up_reopened",
        pgettext_lazy("inspection event", "Kiểm tra lại: chưa khắc phục"),
    )


class PlanEventKind(models.TextChoices):
    """A change to a yearly plan: planned, a line added, changed or removed."""

    CREATED = "created", pgettext_lazy("plan event", "Lập kế hoạch")
    ENTRY_ADDED = "entry_added", pgettext_lazy("plan event", "Thêm nội dung kế hoạch")
    ENTRY_CHANGED = "entry_changed", pgettext_lazy("plan event", "Sửa nội dung kế hoạch")
    ENTRY_REMOVED = "entry_removed", pgettext_lazy("plan event", "Bỏ nội dung kế hoạch")
