from django.db import models
from django.utils.translation import gettext_lazy as _


class InvitationChannel(models.TextChoices):
    """How the citizen reached the rating form."""

    RECEIPT = "receipt", _("Mã QR trên giấy hẹn")
    SMS = "sms", _("Đường liên kết gửi qua tin nhắn")
    COUNTER = "counter", _("Máy tính bảng tại quầy")


class Score(models.TextChoices):
    """The national three-level scale of a citizen's satisfaction with the handling of a dossier
    and with the official who handled it: Rất hài lòng / Hài lòng / Không hài lòng, the levels of
    the National Public Service Portal's rating and of the satisfaction group of the real-time
    index (Decision 766/QĐ-TTg of 23/06/2022, Appendix, group "Mức độ hài lòng") — UNCONFIRMED:
    the article fixing the three levels was not checked against the published text.

    The former middle level "Bình thường" is not on this scale; migration 0007 maps it to
    "Hài lòng": the citizen said nothing against the service (only "Không hài lòng" opens a
    feedback case, which they never asked for), and nothing says they were very satisfied."""

    VERY_SATISFIED = "very_satisfied", _("Rất hài lòng")
    SATISFIED = "satisfied", _("Hài lòng")
    DISSATISFIED = "dissatisfied", _("Không hài lòng")


# The levels counted as satisfied in a share of satisfaction (Hài lòng + Rất hài lòng).
SATISFIED_SCORES = frozenset({Score.VERY_SATISFIED, Score.SATISFIED})


class QuestionnaireKind(models.TextChoices):
    SIPAS = "sipas", _("Chỉ số hài lòng về sự phục vụ hành chính (SIPAS)")
    OFFICIALS = "officials", _("Khảo sát người dân về cán bộ, công chức")
    REFORM_INDEX = "reform_index", _("Điều tra xã hội học chỉ số cải cách hành chính cấp xã")
    CUSTOM = "custom", _("Phiếu khảo sát khác")


class QuestionnaireStatus(models.TextChoices):
    DRAFT = "draft", _("Đang soạn")
    OPEN = "open", _("Đang mở")
    CLOSED = "closed", _("Đã đóng")


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("Chọn một")
    MULTIPLE = "multiple", _("Chọn nhiều")
    LIKERT = "likert", _("Thang 5 mức")
    YES_NO = "yes_no", _("Có / Không")
    OFFICIAL = "official", _("Cán bộ được đánh giá")
    NUMBER = "number", _("Số")
    TEXT = "text", _("Ý kiến tự do")
    MATRIX = "matrix", _("Bảng nhiều dòng, một thang")


# Kinds answered by picking among the question's choices (the matrix picks one per row).
CHOICE_KINDS = frozenset(
    {QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.LIKERT, QuestionKind.YES_NO}
)
# Kinds whose choices the service writes itself: the five-point scale and yes/no.
FIXED_SCALE_KINDS = frozenset({QuestionKind.LIKERT, QuestionKind.YES_NO, QuestionKind.MATRIX})


class Measure(models.TextChoices):
    """What a question measures, after SIPAS's three contents: the citizen's assessment of the
    service, their satisfaction, their expectation (Decision 1001/QĐ-BNV of 11/12/2023, section on
    measured contents)."""

    ASSESSMENT = "assessment", _("Nhận định, đánh giá")
    SATISFACTION = "satisfaction", _("Mức độ hài lòng")
    EXPECTATION = "expectation", _("Sự mong đợi")
    OTHER = "other", _("Khác")


class Element(models.TextChoices):
    """SIPAS's five elements of the public service (Decision 1001/QĐ-BNV; earlier Decision
    2640/QĐ-BNV of 10/10/2017, the 2017–2025 scheme)."""

    ACCESS = "access", _("Tiếp cận dịch vụ")
    PROCEDURE = "procedure", _("Thủ tục hành chính")
    OFFICIAL = "official", _("Công chức trực tiếp giải quyết công việc")
    RESULT = "result", _("Kết quả giải quyết thủ tục hành chính")
    COMPLAINTS = "complaints", _("Tiếp nhận, xử lý góp ý, phản ánh, kiến nghị")


class ChoiceRole(models.TextChoices):
    OPTION = "option", _("Phương án trả lời")
    ROW = "row", _("Dòng của bảng")


class ResponseChannel(models.TextChoices):
    PUBLIC_LINK = "link", _("Đường liên kết công khai")
    KIOSK = "kiosk", _("Máy tính bảng tại quầy")
    SMS = "sms", _("Tin nhắn mời khảo sát")
    PAPER = "paper", _("Phiếu giấy nhập theo lô")
