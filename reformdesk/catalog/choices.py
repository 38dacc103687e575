from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    """The level of government competent for a procedure (cấp thực hiện)."""

    PROVINCE = "province", _("Cấp tỉnh")
    DISTRICT = "district", _("Cấp huyện")
    COMMUNE = "commune", _("Cấp xã")


class OnlineLevel(models.TextChoices):
    """Online public service level under Decree 42/2022/NĐ-CP."""

    FULL = "full", _("Toàn trình")
    PARTIAL = "partial", _("Một phần")
    NONE = "none", _("Không trực tuyến")


# The search's value for "filed online at either level" (full or partial): what a citizen looking
# for online filing wants, and where the home page and the unit pages send them.
ONLINE_ANY = "any"


class LegacyOnlineLevel(models.IntegerChoices):
    """The four levels of Decree 43/2011 (before 2022), kept for the history of old records."""

    LEVEL_1 = 1, _("Mức độ 1")
    LEVEL_2 = 2, _("Mức độ 2")
    LEVEL_3 = 3, _("Mức độ 3")
    LEVEL_4 = 4, _("Mức độ 4")


class Channel(models.IntegerChoices):
    """Filing channels, numbered as the national portal numbers them."""

    IN_PERSON = 1, _("Trực tiếp")
    ONLINE = 2, _("Trực tuyến")
    POST = 3, _("Dịch vụ bưu chính")


class PaperForm(models.TextChoices):
    ORIGINAL = "original", _("Bản chính")
    CERTIFIED_COPY = "certified_copy", _("Bản sao có chứng thực")
    COPY = "copy", _("Bản sao")
    COPY_WITH_ORIGINAL = "copy_with_original", _("Bản sao kèm bản chính để đối chiếu")


class ApplicantType(models.TextChoices):
    CITIZEN = "citizen", _("Công dân Việt Nam")
    FOREIGNER = "foreigner", _("Người nước ngoài")
    ENTERPRISE = "enterprise", _("Doanh nghiệp")
    ORGANISATION = "organisation", _("Tổ chức")
    HOUSEHOLD = "household", _("Hộ gia đình, hộ kinh doanh")
    COOPERATIVE = "cooperative", _("Hợp tác xã")


class StepKind(models.TextChoices):
    RECEIVE = "receive", _("Tiếp nhận")
    ASSESS = "assess", _("Thẩm định, xử lý")
    APPROVE = "approve", _("Trình, phê duyệt")
    SIGN = "sign", _("Ký ban hành")
    RETURN = "return", _("Trả kết quả")
    OTHER = "other", _("Khác")


class PublicationPlace(models.TextChoices):
    DESK = "desk", _("Niêm yết tại Bộ phận Một cửa")
    PORTAL = "portal", _("Công khai trên Cổng dịch vụ công")
