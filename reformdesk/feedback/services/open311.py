"""Feedback through Open311 GeoReport v2: partners' keys, the feedback kinds as services, and
requests filed by partner applications.

GeoReport v2 (https://wiki.open311.org/GeoReport_v2, "POST Service Request"): a request names a
``service_code``, a location (``lat``/``long``, ``address_string`` or ``address_id``) and an
``api_key``; ``description``, ``email``, ``first_name``, ``last_name``, ``phone`` and
``attribute[code]`` values are optional. Here:

- each feedback kind is a service, ``service_code`` ``PA-<kind>`` (``PA`` as in feedback codes, so
  it never meets a national procedure code such as ``1.001193``); a case about a dossier needs the
  ``dossier_code`` attribute, a case about an official the ``official`` attribute (one of the
  officials on the hotline boards, as on the portal's form); ``subject`` is optional (else the
  description's first words);
- the location is ``address_string`` (the case's place); ``lat``/``long`` are accepted as the spec
  allows but not kept: the desk works by place names;
- the citizen is ``first_name`` ``last_name`` with ``phone`` or ``email``; without a name and a
  contact the case is anonymous (answered only in public);
- the case is received by the partner's unit, through channel "open311", now.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reformdesk.core.services.audit import Actor, audit_record
from reformdesk.feedback.choices import Channel, Kind
from reformdesk.feedback.models import FeedbackCase, Open311Partner
from reformdesk.feedback.models.case import SUBJECT_MAX_CHARS
from reformdesk.feedback.services.intake import Citizen, receive_unchecked
from reformdesk.org.models import Official, Unit

KEY_PREFIX = "o311_"
SERVICE_PREFIX = "PA-"


def service_code(kind: str) -> str:
    return f"{SERVICE_PREFIX}{kind}"


def kind_of(code: str) -> str | None:
    """The feedback kind of a service code, or None when it names no feedback service."""
    if not code.startswith(SERVICE_PREFIX):
        return None
    kind = code[len(SERVICE_PREFIX) :]
    return kind if kind in Kind.values else None


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def partner_create(*, actor: Actor, name: str, unit: Unit) -> tuple[Open311Partner, str]:
    """Register a partner application; returns the row and its key, which is never stored."""
    name = " ".join(name.split())[:100]
    if not name:
        raise ValidationError({"name": _("Cần ghi tên ứng dụng đối tác.")})
    secret = KEY_PREFIX + secrets.token_urlsafe(32)
    partner = Open311Partner.objects.create(name=name, unit=unit, prefix=secret[:10], digest=_digest(secret))
    audit_record(actor=actor, action="open311_partner.create", obj=partner, changes={"name": [None, name]})
    return partner, secret


@transaction.atomic
def partner_revoke(*, actor: Actor, partner: Open311Partner) -> Open311Partner:
    """Revoke the partner's key at once; revoking it again changes nothing."""
    if partner.revoked_at is None:
        partner.revoked_at = timezone.now()
        partner.save(update_fields=["revoked_at"])
        audit_record(actor=actor, action="open311_partner.revoke", obj=partner)
    return partner


def partner_authenticate(*, api_key: str) -> Open311Partner | None:
    """The partner behind ``api_key`` while not revoked, or None (a hash look-up)."""
    if not api_key.startswith(KEY_PREFIX):
        return None
    return (
        Open311Partner.objects.select_related("unit")
        .filter(digest=_digest(api_key), revoked_at__isnull=True)
        .first()
    )


@dataclass(frozen=True)
class Open311Request:
    """A POST Service Request's fields, as received."""

    service_code: str
    description: str = ""
    address_string: str = ""
    lat: str = ""
    long: str = ""
    first_name: str = ""
    last_name: str = ""
    phone: str = ""
    email: str = ""
    attributes: dict[str, str] = field(default_factory=dict)


def _coordinate(value: str, name: str, bound: int) -> None:
    if not value:
        return
    try:
        number = float(value)
    except ValueError:
        number = float("nan")
    if not -bound <= number <= bound:
        raise ValidationError({name: _("Tọa độ %(name)s không hợp lệ.") % {"name": name}})


def open311_submit(
    *, partner: Open311Partner, request: Open311Request, officials: dict[str, Official]
) -> FeedbackCase:
    """File a partner's request as a feedback case; raises ``ValidationError`` keyed by the
    request's field names, saving nothing. ``officials``: the hotline boards' officials by code."""
    kind = kind_of(request.service_code)
    if kind is None:
        raise ValidationError(
            {"service_code": _("Không có dịch vụ mã «%(code)s».") % {"code": request.service_code[:30]}}
        )
    if not (request.address_string.strip() or (request.lat and request.long)):
        raise ValidationError({"address_string": _("Cần ghi vị trí: address_string, hoặc lat và long.")})
    _coordinate(request.lat, "lat", 90)
    _coordinate(request.long, "long", 180)
    description = request.description.strip()
    subject = " ".join((request.attributes.get("subject") or description).split())
    if len(subject) > SUBJECT_MAX_CHARS:
        subject = subject[: SUBJECT_MAX_CHARS - 1].rstrip() + "…"
    official = None
    official_code = request.attributes.get("official", "").strip()
    if official_code:
        official = officials.get(official_code)
        if official is None:
            raise ValidationError({"attribute[official]": _("Cán bộ được chọn không có trong danh sách.")})
    name = " ".join(f"{request.first_name} {request.last_name}".split())
    anonymous = not name and not request.phone.strip() and not request.email.strip()
    citizen = (
        Citizen(anonymous=True) if anonymous else Citizen(name=name, phone=request.phone, email=request.email)
    )
    try:
        return receive_unchecked(
            actor=None,
            unit=partner.unit,
            kind=kind,
            channel=Channel.OPEN311,
            subject=subject,
            content=description,
            citizen=citizen,
            place=request.address_string,
            related_dossier_code=request.attributes.get("dossier_code", ""),
            related_official=official,
            received_at=None,
        )
    except ValidationError as error:
        renamed = {
            "subject": "attribute[subject]",
            "content": "description",
            "place": "address_string",
            "related_dossier": "attribute[dossier_code]",
            "related_official": "attribute[official]",
            "citizen_name": "first_name",
            "citizen_phone": "phone",
            "citizen_email": "email",
        }
        raise ValidationError({renamed.get(k, k): v for k, v in error.message_dict.items()}) from None


def received_between(
    *, start: dt.datetime | None, end: dt.datetime | None
) -> tuple[dt.datetime, dt.datetime]:
    """GeoReport v2's window of GET Service Requests: by default the last 90 days; at most 90 days."""
    end = end or timezone.now()
    start = start or end - dt.timedelta(days=90)
    if start > end:
        raise ValidationError({"start_date": _("start_date phải trước end_date.")})
    if end - start > dt.timedelta(days=90):
        raise ValidationError({"start_date": _("Khoảng thời gian tra cứu tối đa 90 ngày.")})
    return start, end
