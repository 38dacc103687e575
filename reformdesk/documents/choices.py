"""Choices of the document registers, after Decree 30/2020/NĐ-CP on clerical work (công tác văn thư).

The administrative document types are the 29 of Article 7; their abbreviations, used in a
document's symbol ("Số: 12/QĐ-UBND"), are those of Appendix III. A công văn and a thư công have
no type abbreviation: a công văn's symbol is the issuing body's abbreviation followed by the
drafting unit's or the field's (Appendix I, section II.3), e.g. "Số: 125/UBND-VP".
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentType(models.TextChoices):
    """Administrative document types (Decree 30/2020/NĐ-CP, Article 7)."""

    RESOLUTION = "nghi_quyet", _("Nghị quyết")
    DECISION = "quyet_dinh", _("Quyết định")
    DIRECTIVE = "chi_thi", _("Chỉ thị")
    REGULATION = "quy_che", _("Quy chế")
    RULE = "quy_dinh", _("Quy định")
    COMMUNIQUE = "thong_cao", _("Thông cáo")
    NOTICE = "thong_bao", _("Thông báo")
    GUIDANCE = "huong_dan", _("Hướng dẫn")
    PROGRAMME = "chuong_trinh", _("Chương trình")
    PLAN = "ke_hoach", _("Kế hoạch")
    SCHEME = "phuong_an", _("Phương án")
    PROPOSAL = "de_an", _("Đề án")
    PROJECT = "du_an", _("Dự án")
    REPORT = "bao_cao", _("Báo cáo")
    MINUTES = "bien_ban", _("Biên bản")
    SUBMISSION = "to_trinh", _("Tờ trình")
    CONTRACT = "hop_dong", _("Hợp đồng")
    OFFICIAL_LETTER = "cong_van", _("Công văn")
    TELEGRAM = "cong_dien", _("Công điện")
    MEMORANDUM = "ban_ghi_nho", _("Bản ghi nhớ")
    AGREEMENT = "ban_thoa_thuan", _("Bản thỏa thuận")
    AUTHORISATION = "giay_uy_quyen", _("Giấy ủy quyền")
    INVITATION = "giay_moi", _("Giấy mời")
    INTRODUCTION = "giay_gioi_thieu", _("Giấy giới thiệu")
    LEAVE = "giay_nghi_phep", _("Giấy nghỉ phép")
    DISPATCH_SLIP = "phieu_gui", _("Phiếu gửi")
    TRANSFER_SLIP = "phieu_chuyen", _("Phiếu chuyển")
    NOTICE_SLIP = "phieu_bao", _("Phiếu báo")
    PUBLIC_LETTER = "thu_cong", _("Thư công")


# Decree 30/2020/NĐ-CP, Appendix III (abbreviations of administrative document type names).
# Công văn and thư công have none (see the module's docstring).
TYPE_ABBREVIATIONS: dict[str, str] = {
    DocumentType.RESOLUTION: "NQ",
    DocumentType.DECISION: "QĐ",
    DocumentType.DIRECTIVE: "CT",
    DocumentType.REGULATION: "QC",
    DocumentType.RULE: "QyĐ",
    DocumentType.COMMUNIQUE: "TC",
    DocumentType.NOTICE: "TB",
    DocumentType.GUIDANCE: "HD",
    DocumentType.PROGRAMME: "CTr",
    DocumentType.PLAN: "KH",
    DocumentType.SCHEME: "PA",
    DocumentType.PROPOSAL: "ĐA",
    DocumentType.PROJECT: "DA",
    DocumentType.REPORT: "BC",
    DocumentType.MINUTES: "BB",
    DocumentType.SUBMISSION: "TTr",
    DocumentType.CONTRACT: "HĐ",
    DocumentType.TELEGRAM: "CĐ",
    DocumentType.MEMORANDUM: "GN",
    DocumentType.AGREEMENT: "TTh",
    DocumentType.AUTHORISATION: "GUQ",
    DocumentType.INVITATION: "GM",
    DocumentType.INTRODUCTION: "GGT",
    DocumentType.LEAVE: "GNP",
    DocumentType.DISPATCH_SLIP: "PG",
    DocumentType.TRANSFER_SLIP: "PC",
    DocumentType.NOTICE_SLIP: "PB",
}


class Urgency(models.TextChoices):
    """Mức độ khẩn (Decree 30/2020/NĐ-CP, Article 4.2.c and Appendix I)."""

    NORMAL = "normal", _("Thường")
    URGENT = "urgent", _("Khẩn")
    VERY_URGENT = "very_urgent", _("Thượng khẩn")
    FLASH = "flash", _("Hỏa tốc")


class Confidentiality(models.TextChoices):
    """Độ mật (Law on Protection of State Secrets 2018, Article 8: mật, tối mật, tuyệt mật)."""

    NORMAL = "normal", _("Thường")
    SECRET = "secret", _("Mật")
    TOP_SECRET = "top_secret", _("Tối mật")
    ABSOLUTE = "absolute", _("Tuyệt mật")


# Documents at these levels are read only by the people named in ``documents.selectors``.
CONFIDENTIAL = frozenset({Confidentiality.SECRET, Confidentiality.TOP_SECRET, Confidentiality.ABSOLUTE})


class Series(models.TextChoices):
    """The outgoing register's numbering systems: confidential documents get a numbering system of
    their own (Decree 30/2020/NĐ-CP, Article 15.2)."""

    REGULAR = "regular", _("Văn bản thường")
    CONFIDENTIAL = "confidential", _("Văn bản mật")


class Register(models.TextChoices):
    """The counters kept per unit and year: incoming numbers, and outgoing numbers per series."""

    INCOMING = "incoming", _("Văn bản đến")
    OUTGOING = "outgoing", _("Văn bản đi")
    OUTGOING_CONFIDENTIAL = "outgoing_confidential", _("Văn bản đi (mật)")


class OutgoingStatus(models.TextChoices):
    REGISTERED = "registered", _("Đã đăng ký")
    CANCELLED = "cancelled", _("Đã hủy số")


class EventKind(models.TextChoices):
    INCOMING_REGISTERED = "incoming_registered", _("Đăng ký văn bản đến")
    HANDLER_ASSIGNED = "handler_assigned", _("Giao xử lý")
    OUTGOING_REGISTERED = "outgoing_registered", _("Đăng ký văn bản đi")
    OUTGOING_CANCELLED = "outgoing_cancelled", _("Hủy số văn bản đi")
