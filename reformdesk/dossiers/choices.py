from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Status(models.IntegerChoices):
    """A dossier's status, numbered as the national public service portal numbers them."""

    SUBMITTED = 1, _("Mới nộp trực tuyến")
    RECEIVED = 2, _("Đã tiếp nhận")
    REFUSED = 3, _("Từ chối tiếp nhận")
    PROCESSING = 4, _("Đang xử lý")
    SUPPLEMENT = 5, _("Yêu cầu bổ sung")
    AWAITING_FEES = 6, _("Chờ thực hiện nghĩa vụ tài chính")
    WITHDRAWN = 7, _("Công dân rút hồ sơ")
    STOPPED = 8, _("Dừng xử lý")
    RESULT_READY = 9, _("Đã có kết quả")
    DELIVERED = 10, _("Đã trả kết quả")


# The status sets every module reads (services, selectors, pages, tables), declared here once.
# Nothing more happens to the dossier.
CLOSED_STATUSES = frozenset({Status.REFUSED, Status.WITHDRAWN, Status.STOPPED, Status.DELIVERED})
# The processing unit's clock runs towards the appointment (the due-soon and overdue lists).
RUNNING_STATUSES = frozenset({Status.RECEIVED, Status.PROCESSING, Status.AWAITING_FEES})
# A step can be worked on: forwarded, approved, asked for papers or fees, declined.
WORKING_STATUSES = frozenset({Status.RECEIVED, Status.PROCESSING})
# Not finished and without a result yet: filed, received, in processing or waiting for the
# applicant's papers or fees.
OPEN_STATUSES = frozenset(
    {Status.SUBMITTED, Status.RECEIVED, Status.PROCESSING, Status.SUPPLEMENT, Status.AWAITING_FEES}
)


class ApplicantKind(models.TextChoices):
    PERSON = "person", _("Cá nhân")
    ORGANISATION = "organisation", _("Tổ chức")


class EventKind(models.TextChoices):
    """What happened to a dossier; each state change and hand-over writes one event row."""

    SUBMITTED = "submitted", _("Nộp trực tuyến")
    RECEIVED = "received", _("Tiếp nhận")
    INTAKE_SUPPLEMENT = "intake_supplement", _("Hướng dẫn bổ sung khi tiếp nhận")
    REFUSED = "refused", _("Từ chối tiếp nhận")
    FORWARDED = "forwarded", _("Chuyển bước xử lý")
    SENT_BACK = "sent_back", _("Trả lại bước trước")
    REASSIGNED = "reassigned", _("Giao lại người xử lý")
    SUPPLEMENT_REQUESTED = "supplement_requested", _("Yêu cầu bổ sung")
    SUPPLEMENT_RECEIVED = "supplement_received", _("Nhận hồ sơ bổ sung")
    FEES_REQUESTED = "fees_requested", _("Yêu cầu nộp phí, lệ phí")
    FEES_PAID = "fees_paid", _("Đã nộp phí, lệ phí")
    APPROVED = "approved", _("Phê duyệt")
    DECLINED = "declined", _("Từ chối giải quyết")
    APOLOGY = "apology", _("Xin lỗi, hẹn lại ngày trả")
    WITHDRAWN = "withdrawn", _("Rút hồ sơ")
    STOPPED = "stopped", _("Dừng xử lý")
    RESULT_READY = "result_ready", _("Có kết quả")
    DELIVERED = "delivered", _("Trả kết quả")
    COMMENT = "comment", _("Ý kiến")
    # Papers digitised, data reused, population data used or an electronic result recorded
    # after intake; ``data`` holds each changed flag as ``[before, after]``.
    DIGITISATION = "digitisation", _("Cập nhật thông tin số hóa")


class Outcome(models.TextChoices):
    """How a finished step or dossier compares with its due moment (control slip, statistics)."""

    EARLY = "early", _("Trước hạn")
    ON_TIME = "on_time", _("Đúng hạn")
    LATE = "late", _("Quá hạn")


class Measure(models.TextChoices):
    """What a dossier rollup row counts: one fact of a dossier on one day (``DossierRollup``).

    A finished dossier counts once under its outcome (``early``, ``on_time``, ``late``, or
    ``unrated`` when it has none), plus ``declined`` when the result is a refusal letter."""

    RECEIVED = "received", pgettext_lazy("rollup", "Tiếp nhận")
    ONLINE = "online", pgettext_lazy("rollup", "Tiếp nhận trực tuyến")
    EARLY = "early", pgettext_lazy("rollup", "Có kết quả trước hạn")
    ON_TIME = "on_time", pgettext_lazy("rollup", "Có kết quả đúng hạn")
    LATE = "late", pgettext_lazy("rollup", "Có kết quả quá hạn")
    UNRATED = "unrated", pgettext_lazy("rollup", "Có kết quả, chưa xếp loại hạn")
    DECLINED = "declined", pgettext_lazy("rollup", "Từ chối giải quyết")
    REFUSED = "refused", pgettext_lazy("rollup", "Từ chối tiếp nhận")
    WITHDRAWN = "withdrawn", pgettext_lazy("rollup", "Rút hồ sơ")
    STOPPED = "stopped", pgettext_lazy("rollup", "Dừng xử lý")
    DELIVERED = "delivered", pgettext_lazy("rollup", "Trả kết quả")


class ResultKind(models.TextChoices):
    GRANTED = "granted", _("Giải quyết")
    DECLINED = "declined", _("Từ chối giải quyết (có văn bản nêu lý do)")


class DeliveryMethod(models.TextChoices):
    COUNTER = "counter", pgettext_lazy("delivery", "Tại Bộ phận Một cửa")
    POST = "post", pgettext_lazy("delivery", "Qua dịch vụ bưu chính")
    ONLINE = "online", pgettext_lazy("delivery", "Trực tuyến")


class PaperState(models.TextChoices):
    SUBMITTED = "submitted", _("Đã nộp")
    MISSING = "missing", _("Còn thiếu")
    # An optional paper the applicant did not bring: nothing is missing.
    NOT_BROUGHT = "none", _("Không có")


def paper_state(*, brought: bool, required: bool) -> PaperState:
    """A paper's state at a check: brought, missing (a required one), or not brought (optional)."""
    if brought:
        return PaperState.SUBMITTED
    return PaperState.MISSING if required else PaperState.NOT_BROUGHT
