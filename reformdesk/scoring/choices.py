from django.db import models
from django.utils.translation import gettext_lazy as _


class Group(models.TextChoices):
    """The six groups of the Decision 766/QĐ-TTg index as the national portal shows them in
    2025–2026 (the portal's own ids in the comments; shared/data/index-766.md)."""

    TRANSPARENCY = "transparency", _("Công khai, minh bạch")  # transparency
    TIMELINESS = "timeliness", _("Tiến độ, kết quả giải quyết")  # dvc-progress-tree
    ONLINE = "online", _("Cung cấp dịch vụ trực tuyến")  # provide-online-tree
    PAYMENT = "payment", _("Thanh toán trực tuyến")  # formality-online-payment-tree
    DIGITISATION = "digitisation", _("Số hóa hồ sơ")  # dossier-digitized
    SATISFACTION = "satisfaction", _("Mức độ hài lòng")  # handling-satisfaction


class Rate(models.TextChoices):
    """Which rate an indicator reads. ``ENTERED`` rates are ones ReformDesk cannot know: a reform
    officer enters them with evidence, or they show as no data."""

    PORTAL_PUBLISHED = "portal_published", _("Thủ tục công khai trên Cổng DVC / thủ tục thuộc phạm vi")
    COMPLETE_PARTS = "complete_parts", _("Thủ tục công khai đủ bộ phận / thủ tục thuộc phạm vi")
    ON_TIME_766 = "on_time_766", _("Hồ sơ đúng hạn (kể cả đang giải quyết trong hạn) / hồ sơ tiếp nhận")
    PROCEDURES_FULL_ONLINE = (
        "procedures_full_online",
        _("Thủ tục trực tuyến toàn trình / thủ tục thuộc phạm vi"),
    )
    DOSSIERS_ONLINE = "dossiers_online", _("Hồ sơ nộp trực tuyến / hồ sơ của thủ tục toàn trình")
    FEE_DATA = "fee_data", _("Thủ tục có hồ sơ ghi phí, lệ phí / thủ tục có phí, lệ phí")
    PETITIONS_ON_TIME = "petitions_on_time", _("Phản ánh, kiến nghị xử lý đúng hạn / phản ánh, kiến nghị")
    PETITIONS_SATISFIED = (
        "petitions_satisfied",
        _("Phản ánh, kiến nghị không bị không hài lòng, phản ánh lại hay trễ hạn / phản ánh, kiến nghị"),
    )
    DOSSIERS_SATISFIED = "dossiers_satisfied", _("1 − (tỷ lệ trễ hạn + tỷ lệ không hài lòng)")
    # From the dossiers' digitisation and payment flags (computed from 1/1/2027).
    DOSSIERS_PAID_ONLINE = (
        "dossiers_paid_online",
        _("Hồ sơ thanh toán trực tuyến / hồ sơ đã thực hiện nghĩa vụ tài chính"),
    )
    PROCEDURES_PAID_ONLINE = (
        "procedures_paid_online",
        _("Thủ tục có hồ sơ thanh toán trực tuyến / thủ tục có phí, lệ phí"),
    )
    ELECTRONIC_RESULT = "electronic_result", _("Hồ sơ cấp kết quả điện tử / hồ sơ đã có kết quả")
    DIGITISED_PAPERS = "digitised_papers", _("Hồ sơ số hóa thành phần hồ sơ / hồ sơ tiếp nhận")
    DATA_REUSED = "data_reused", _("Hồ sơ tái sử dụng dữ liệu đã số hóa / hồ sơ tiếp nhận")
    POPULATION_DATA = "population_data", _("Hồ sơ khai thác dữ liệu dân cư / hồ sơ của cá nhân")
    ENTERED = "entered", _("Cán bộ CCHC nhập kèm minh chứng")
    NOT_RECORDED = "not_recorded", _("Hồ sơ chưa có thông tin này (chưa có dữ liệu)")


class Shape(models.TextChoices):
    LINEAR = "linear", _("Tuyến tính")
    STEPS = "steps", _("Theo ngưỡng")


class WhenEmpty(models.TextChoices):
    """What an indicator scores when its denominator is zero."""

    NO_DATA = "no_data", _("Không có dữ liệu")
    FULL = "full", _("Đủ điểm")


class HowScored(models.TextChoices):
    COMPUTED = "computed", _("Tính từ dữ liệu ReformDesk")
    ENTERED = "entered", _("Cán bộ nhập")
    NO_DATA = "no_data", _("Chưa có dữ liệu")


class EventKind(models.TextChoices):
    INDICATOR_REVISED = "indicator_revised", _("Đổi công thức chỉ số")
    ENTRY_RECORDED = "entry_recorded", _("Nhập số liệu chỉ số")
    ENTRY_REPLACED = "entry_replaced", _("Thay số liệu đã nhập")
