from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    PROVINCE = "province", _("Tỉnh / thành phố")
    DISTRICT = "district", _("Huyện / quận / thị xã")
    COMMUNE = "commune", _("Xã")
    WARD = "ward", _("Phường")
    TOWN = "town", _("Thị trấn")
    DEPARTMENT = "department", _("Phòng, ban, sở")
    SERVICE_CENTRE = "service_centre", _("Trung tâm phục vụ hành chính công")


class OfficialCategory(models.TextChoices):
    CADRE = "cadre", _("Cán bộ")
    CIVIL_SERVANT = "civil_servant", _("Công chức")
    PUBLIC_EMPLOYEE = "public_employee", _("Viên chức")
    NON_SPECIALISED = "non_specialised", _("Người hoạt động không chuyên trách")
    CONTRACT = "contract", _("Lao động hợp đồng")


class Role(models.TextChoices):
    ADMIN = "admin", _("Quản trị hệ thống")
    LEADER = "leader", _("Lãnh đạo đơn vị")
    ONE_STOP = "one_stop", _("Cán bộ một cửa")
    SPECIALIST = "specialist", _("Chuyên viên")
    REFORM = "reform", _("Cán bộ CCHC / nội vụ")
    INSPECTOR = "inspector", _("Thanh tra, kiểm tra")


class Scope(models.TextChoices):
    UNIT = "unit", _("Chỉ đơn vị này")
    SUBTREE = "subtree", _("Đơn vị này và các đơn vị trực thuộc")


class SuccessionKind(models.TextChoices):
    MERGE = "merge", _("Sáp nhập / hợp nhất")
    SPLIT = "split", _("Chia tách")
    RENAME = "rename", _("Đổi tên")
    TRANSFER = "transfer", _("Điều chuyển")


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Thứ Hai")
    TUESDAY = 1, _("Thứ Ba")
    WEDNESDAY = 2, _("Thứ Tư")
    THURSDAY = 3, _("Thứ Năm")
    FRIDAY = 4, _("Thứ Sáu")
    SATURDAY = 5, _("Thứ Bảy")
    SUNDAY = 6, _("Chủ nhật")
