"""The vocabulary of citizen feedback (phản ánh, kiến nghị): kinds, channels, statuses, events.

The status sets every module reads (services, workflow, selectors, pages) are declared here once.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Kind(models.TextChoices):
    """What the feedback is about (issue 11: four kinds, each with its own handling)."""

    REGULATION = "regulation", _("Quy định, thủ tục hành chính")
    OFFICIAL = "official", _("Hành vi, thái độ của cán bộ")
    DOSSIER = "dossier", _("Việc giải quyết hồ sơ")
    PUBLIC_SERVICE = "public_service", _("Dịch vụ công")


# The kinds a unit tree routes by a default handling unit (models.KindRoute): a case about an
# official goes to that official's leader, a case about a dossier to the dossier's processing unit.
ROUTABLE_KINDS = frozenset({Kind.REGULATION, Kind.PUBLIC_SERVICE})


class Channel(models.TextChoices):
    """How the feedback reached the administration."""

    ONLINE = "online", pgettext_lazy("feedback channel", "Trực tuyến")
    BOX = "box", _("Hòm thư góp ý")
    HOTLINE = "hotline", _("Đường dây nóng")
    IN_PERSON = "in_person", _("Trực tiếp (tiếp công dân)")
    EMAIL = "email", _("Thư điện tử")
    RATING = "rating", _("Đánh giá không hài lòng")
    OPEN311 = "open311", _("Ứng dụng đối tác (Open311)")


# What an official records by hand; the other channels arrive by themselves.
STAFF_CHANNELS = frozenset({Channel.BOX, Channel.HOTLINE, Channel.IN_PERSON, Channel.EMAIL})


class Status(models.TextChoices):
    """A case's place in its handling (issue 11, "Handling")."""

    RECEIVED = "received", _("Mới tiếp nhận")
    REFUSED = "refused", _("Không xử lý")
    ACCEPTED = "accepted", _("Đã thụ lý, chờ phân công")
    ASSIGNED = "assigned", _("Đang xử lý")
    CLARIFYING = "clarifying", _("Chờ công dân bổ sung thông tin")
    DRAFTED = "drafted", _("Đã dự thảo trả lời")
    APPROVED = "approved", _("Lãnh đạo đã ký duyệt")
    SENT = "sent", _("Đã gửi trả lời")
    PUBLISHED = "published", _("Đã công khai trả lời")
    RATED = "rated", _("Công dân đã đánh giá")
    CLOSED = "closed", _("Đã kết thúc")


# Nothing more happens to the case.
CLOSED_STATUSES = frozenset({Status.REFUSED, Status.CLOSED})
# The administration's clock runs towards the case's current due moment (``FeedbackCase.due_at``):
# the decision to accept or refuse, the answer, or the publication of a sent answer. Waiting for
# the citizen's clarification stops it.
RUNNING_STATUSES = frozenset(
    {Status.RECEIVED, Status.ACCEPTED, Status.ASSIGNED, Status.DRAFTED, Status.APPROVED, Status.SENT}
)
# Being worked on towards an answer: the handler's and the leader's worklist ("mine").
HANDLING_STATUSES = frozenset(
    {Status.ACCEPTED, Status.ASSIGNED, Status.CLARIFYING, Status.DRAFTED, Status.APPROVED}
)
# Not finished: everything but refused and closed.
OPEN_STATUSES = frozenset(set(Status) - CLOSED_STATUSES)


class EventKind(models.TextChoices):
    """What happened to a case; each state change writes one event row."""

    RECEIVED = "received", _("Tiếp nhận")
    ACCEPTED = "accepted", _("Thụ lý")
    REFUSED = "refused", _("Không xử lý")
    ASSIGNED = "assigned", _("Phân công xử lý")
    CLARIFICATION_ASKED = "clarification_asked", _("Đề nghị công dân bổ sung thông tin")
    CLARIFICATION_RECEIVED = "clarification_received", _("Nhận thông tin bổ sung")
    DRAFTED = "drafted", _("Dự thảo trả lời")
    APPROVED = "approved", _("Lãnh đạo ký duyệt trả lời")
    SENT = "sent", _("Gửi trả lời cho công dân")
    PUBLISHED = "published", _("Công khai trả lời")
    RATED = "rated", _("Công dân đánh giá")
    REOPENED = "reopened", _("Mở lại, chuyển lãnh đạo xử lý")
    CLOSED = "closed", _("Kết thúc")


class RefusalReason(models.TextChoices):
    """Why a case is not handled (issue 11: out of competence, no content, duplicate)."""

    OUT_OF_COMPETENCE = "out_of_competence", _("Không thuộc thẩm quyền")
    NO_CONTENT = "no_content", _("Không có nội dung phản ánh, kiến nghị")
    DUPLICATE = "duplicate", _("Trùng với phản ánh đang xử lý")


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", _("Hài lòng")
    DISSATISFIED = "dissatisfied", _("Không hài lòng")


class DeadlineStep(models.TextChoices):
    """The steps whose time limit a dated rule sets, in working days."""

    REFUSE = "refuse", _("Từ chối xử lý")
    CLARIFY = "clarify", _("Đề nghị bổ sung thông tin")
    ANSWER = "answer", _("Trả lời")
    PUBLISH = "publish", _("Công khai trả lời (kể từ khi trả lời)")


class FileKind(models.TextChoices):
    SCAN = "scan", _("Bản quét thư góp ý")
    ATTACHMENT = "attachment", _("Tệp đính kèm")
