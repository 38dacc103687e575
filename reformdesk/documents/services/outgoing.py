"""The outgoing register: numbering a signed document (Decree 30/2020/NĐ-CP, Article 15),
entering it in the register (Article 16), and cancelling a number, which stays in the register
and is never given again."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reformdesk.core.uploads import CheckedFile
from reformdesk.documents.choices import (
    CONFIDENTIAL,
    TYPE_ABBREVIATIONS,
    Confidentiality,
    DocumentType,
    EventKind,
    OutgoingStatus,
    Register,
    Series,
    Urgency,
)
from reformdesk.documents.models import IssuerAbbreviation, OutgoingDocument
from reformdesk.documents.models.registers import SUMMARY_MAX_CHARS
from reformdesk.documents.services.common import (
    ActionNotAllowed,
    Errors,
    add,
    next_number,
    one_line,
    raise_errors,
    record,
    search_text,
)
from reformdesk.documents.services.issuers import ABBREVIATION_RE
from reformdesk.documents.services.search import file_text, index_entry
from reformdesk.org.choices import Role, UnitKind
from reformdesk.org.models import Membership, Official, Unit
from reformdesk.org.permissions import AnyUser, Perm, require

RECIPIENTS_MAX_CHARS = 2000
REASON_MAX_CHARS = 2000
# A People's Committee (province, district, commune) signs as "UBND" (Decree 30/2020/NĐ-CP,
# Appendix I, section II.3, e.g. "Số: 12/QĐ-UBND"); other units set their abbreviation.
PEOPLES_COMMITTEE_KINDS = frozenset(
    {UnitKind.PROVINCE, UnitKind.DISTRICT, UnitKind.COMMUNE, UnitKind.WARD, UnitKind.TOWN}
)
PEOPLES_COMMITTEE_ABBREVIATION = "UBND"


def issuer_abbreviation(unit: Unit) -> str | None:
    row = IssuerAbbreviation.objects.filter(unit=unit).values_list("abbreviation", flat=True).first()
    if row:
        return row
    return PEOPLES_COMMITTEE_ABBREVIATION if unit.kind in PEOPLES_COMMITTEE_KINDS else None


def format_symbol(*, number: int, doc_type: str, issuer: str, drafting_unit: str = "") -> str:
    """ "Số, ký hiệu" as Decree 30/2020/NĐ-CP, Appendix I, section II.3 writes it: the number
    (two digits at least, from "01", Article 15.1), a slash, then the type's abbreviation
    (Appendix III) and the issuing body's, joined by a hyphen: "12/QĐ-UBND". A công văn (and a
    thư công) has no type abbreviation: the body's, then the drafting unit's: "125/UBND-VP"."""
    type_abbreviation = TYPE_ABBREVIATIONS.get(doc_type, "")
    if type_abbreviation:
        return f"{number:02d}/{type_abbreviation}-{issuer}"
    return f"{number:02d}/{issuer}-{drafting_unit}" if drafting_unit else f"{number:02d}/{issuer}"


def _signer_errors(errors: Errors, *, unit: Unit, signer: Official, on: dt.date) -> None:
    """The signer leads the issuing unit on the day of issue (Article 13: the head, or a deputy
    signing for them)."""
    leads = (
        Membership.objects.active_on(on)
        .filter(official=signer, unit=unit, role=Role.LEADER, official__is_active=True)
        .exists()
    )
    if not leads:
        add(
            errors,
            "signer",
            _("%(name)s không phải lãnh đạo của %(unit)s vào ngày ban hành.")
            % {"name": signer.full_name, "unit": unit.name},
        )


@transaction.atomic
def outgoing_register(
    *,
    actor: AnyUser,
    unit: Unit,
    doc_type: str,
    summary: str,
    issued_on: dt.date,
    signer: Official,
    recipients: str,
    urgency: str = Urgency.NORMAL,
    confidentiality: str = Confidentiality.NORMAL,
    drafting_unit: str = "",
    signed_pdf: CheckedFile | None = None,
    expected_number: int | None = None,
) -> OutgoingDocument:
    """Give a signed document of ``unit`` the next number of the year of ``issued_on`` and enter
    it in the outgoing register, with its symbol ("12/QĐ-UBND").

    Numbers run per issuing unit and calendar year from 01, without gaps or duplicates even when
    clerks register at the same moment (the year's counter row is locked until this transaction
    commits); confidential documents (mật and above) are numbered in a series of their own
    (Decree 30/2020/NĐ-CP, Article 15.2). ``expected_number`` is the number the clerk saw on the
    form: if another registration took it meanwhile, nothing is saved and the clerk is told,
    rather than printing a number out of sequence on the paper. Needs
    ``Perm.REGISTER_DOCUMENTS`` on ``unit``.
    """
    require(actor, Perm.REGISTER_DOCUMENTS, unit)
    errors: Errors = {}
    now = timezone.now()
    summary = one_line(
        errors, "summary", summary, limit=SUMMARY_MAX_CHARS, required=_("Cần ghi trích yếu nội dung.")
    )
    recipients = one_line(
        errors,
        "recipients",
        recipients,
        limit=RECIPIENTS_MAX_CHARS,
        required=_("Cần ghi nơi nhận văn bản."),
        multiline=True,
    )
    drafting_unit = drafting_unit.strip()
    if doc_type not in DocumentType.values:
        add(errors, "doc_type", _("Loại văn bản không hợp lệ."))
    elif drafting_unit and doc_type in TYPE_ABBREVIATIONS:
        add(
            errors,
            "drafting_unit",
            _("Chỉ công văn, thư công mới ghi ký hiệu đơn vị soạn thảo sau tên cơ quan."),
        )
    if drafting_unit and not ABBREVIATION_RE.match(drafting_unit):
        add(
            errors,
            "drafting_unit",
            _("Ký hiệu đơn vị soạn thảo gồm chữ cái in hoa và chữ số, viết liền, tối đa 20 ký tự, ví dụ VP."),
        )
    if urgency not in Urgency.values:
        add(errors, "urgency", _("Mức độ khẩn không hợp lệ."))
    if confidentiality not in Confidentiality.values:
        add(errors, "confidentiality", _("Độ mật không hợp lệ."))
    if issued_on > timezone.localdate():
        add(
            errors, "issued_on", _("Ngày ban hành không được sau ngày hôm nay: chỉ cấp số cho văn bản đã ký.")
        )
    _signer_errors(errors, unit=unit, signer=signer, on=issued_on)
    if signed_pdf is not None and signed_pdf.content_type != "application/pdf":
        add(errors, "signed_pdf", _("Bản ký phải là tệp PDF."))
    issuer = issuer_abbreviation(unit)
    if issuer is None:
        add(
            errors,
            "unit",
            _("%(unit)s chưa có chữ viết tắt tên cơ quan để ghi ký hiệu văn bản.") % {"unit": unit.name},
        )
    raise_errors(errors)
    assert issuer is not None

    secret = confidentiality in CONFIDENTIAL
    register = Register.OUTGOING_CONFIDENTIAL if secret else Register.OUTGOING
    year = issued_on.year
    number = next_number(unit=unit, register=register, year=year)
    if expected_number is not None and expected_number != number:
        # Raising rolls the counter back with everything else: the number stays free.
        raise_errors(
            {
                "number": [
                    _(
                        "Số %(expected)02d không còn là số tiếp theo của sổ văn bản đi năm %(year)d: "
                        "số tiếp theo là %(next)02d. Hãy kiểm tra lại trước khi ghi số lên văn bản."
                    )
                    % {"expected": expected_number, "year": year, "next": number}
                ]
            }
        )
    symbol = format_symbol(number=number, doc_type=doc_type, issuer=issuer, drafting_unit=drafting_unit)
    document = OutgoingDocument(
        unit=unit,
        year=year,
        series=Series.CONFIDENTIAL if secret else Series.REGULAR,
        number=number,
        symbol=symbol,
        doc_type=doc_type,
        drafting_unit=drafting_unit,
        summary=summary,
        issued_on=issued_on,
        signer=signer,
        recipients=recipients,
        urgency=urgency,
        confidentiality=confidentiality,
        registered_by=actor if actor.is_authenticated else None,
        registered_at=now,
        search_text=search_text(symbol, summary, recipients),
    )
    body = file_text(signed_pdf)
    if signed_pdf is not None:
        document.pdf_name = (signed_pdf.upload.name or "")[:255]
        document.pdf_size = signed_pdf.size
        document.pdf_sha256 = signed_pdf.sha256
        document.signed_pdf.save(signed_pdf.upload.name or "signed.pdf", signed_pdf.upload, save=False)
    document.save()
    index_entry(document=document, body=body)
    record(
        document=document,
        kind=EventKind.OUTGOING_REGISTERED,
        actor=actor,
        at=now,
        to_official=signer,
        changes={
            "symbol": [None, symbol],
            "series": [None, document.series],
            "signer": [None, signer.pk],
            "confidentiality": [None, confidentiality],
        },
    )
    return document


@transaction.atomic
def outgoing_cancel(*, actor: AnyUser, document: OutgoingDocument, reason: str) -> OutgoingDocument:
    """Cancel a registered number with the reason why (a document numbered but never issued).
    The entry stays in the register as cancelled and its number is never given again: the
    counter only moves forward. Needs ``Perm.REGISTER_DOCUMENTS`` on the issuing unit."""
    document = (
        OutgoingDocument.objects.select_for_update(of=("self",)).select_related("unit").get(pk=document.pk)
    )
    require(actor, Perm.REGISTER_DOCUMENTS, document.unit)
    if document.status == OutgoingStatus.CANCELLED:
        raise ActionNotAllowed(_("Số %(symbol)s đã được hủy trước đó.") % {"symbol": document.symbol})
    errors: Errors = {}
    reason = one_line(
        errors,
        "reason",
        reason,
        limit=REASON_MAX_CHARS,
        required=_("Cần ghi lý do hủy số văn bản."),
        multiline=True,
    )
    raise_errors(errors)
    now = timezone.now()
    document.status = OutgoingStatus.CANCELLED
    document.cancel_reason = reason
    document.cancelled_at = now
    document.cancelled_by = actor if actor.is_authenticated else None
    document.save(update_fields=["status", "cancel_reason", "cancelled_at", "cancelled_by"])
    record(
        document=document,
        kind=EventKind.OUTGOING_CANCELLED,
        actor=actor,
        at=now,
        note=reason,
        changes={
            "status": [OutgoingStatus.REGISTERED, OutgoingStatus.CANCELLED],
            "cancel_reason": [None, reason],
        },
    )
    return document
