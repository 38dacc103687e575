"""The record entered in the outgoing register, checklist versions, and evidence photos."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from reformdesk.core.tests.helpers import sign_in
from reformdesk.documents.models import OutgoingDocument
from reformdesk.inspections import services
from reformdesk.inspections.choices import Status
from reformdesk.inspections.models import ChecklistTemplate, Photo
from reformdesk.inspections.services import ActionNotAllowed
from reformdesk.inspections.tests.factories import sudden
from reformdesk.org.choices import Role
from reformdesk.org.tests.factories import make_official

pytestmark = pytest.mark.django_db


def _signed(personas, inspector, tree):
    inspection = sudden(actor=personas.inspector, leader=inspector, target=tree.commune_a)
    for answer in inspection.answers.all():
        services.answer_save(actor=personas.inspector, inspection=inspection, answer=answer, result="pass")
    services.presence_confirm_rest(actor=personas.inspector, inspection=inspection)
    services.inspection_complete(actor=personas.inspector, inspection=inspection)
    services.inspection_sign_leader(actor=personas.inspector, inspection=inspection)
    services.inspection_sign_unit(actor=personas.chair_a, inspection=inspection, response="Nhất trí")
    inspection.refresh_from_db()
    return inspection


def test_the_signed_record_is_entered_in_the_outgoing_register(personas, tree, inspector):
    district_chair = make_official(
        unit=tree.district, role=Role.LEADER, username="chutich_huyen", full_name="Hồ Văn Thành"
    )
    tree.district.leader = district_chair
    tree.district.save(update_fields=["leader"])
    inspection = _signed(personas, inspector, tree)

    with pytest.raises(PermissionDenied):  # the register's own rule: an inspector registers nothing
        services.inspection_register_record(actor=personas.inspector, inspection=inspection)
    assert OutgoingDocument.objects.count() == 0

    services.inspection_register_record(actor=district_chair.user, inspection=inspection)
    inspection.refresh_from_db()
    document = inspection.outgoing_document
    assert document is not None
    assert (document.doc_type, document.symbol, document.signer) == ("bien_ban", "01/BB-UBND", district_chair)
    assert document.pdf_size > 0
    with pytest.raises(ActionNotAllowed):
        services.inspection_register_record(actor=district_chair.user, inspection=inspection)
    assert OutgoingDocument.objects.count() == 1


def test_a_template_in_use_changes_only_into_a_new_version(personas, tree, inspector):
    template = services.current_template()
    sudden(actor=personas.inspector, leader=inspector, target=tree.commune_a)
    items = [(i.code, i.text, i.method, i.data_source, i.finding_kind, i.rule) for i in template.items.all()]
    items.append(("smoking_sign", "Biển cấm hút thuốc lá tại nơi làm việc", "eye", "", "culture", ""))
    revised = services.template_revise(actor=personas.inspector, template=template, items=items)
    template.refresh_from_db()
    assert (revised.version, revised.replaces, template.is_active) == (2, template, False)
    assert template.items.count() == 13 and revised.items.count() == 14
    assert services.current_template() == revised

    with pytest.raises(ValidationError):
        services.template_revise(
            actor=personas.inspector, template=revised, items=[("x", "", "eye", "", "culture", "")]
        )
    assert ChecklistTemplate.objects.count() == 2 and revised.items.count() == 14


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_a_photo_from_the_camera_is_checked_like_every_upload(personas, tree, inspector):
    inspection = sudden(actor=personas.inspector, leader=inspector, target=tree.commune_a)
    answer = inspection.answers.get(item__code="hotline")
    client = sign_in(Client(), personas.inspector)
    url = reverse("inspections:photo_add", args=[inspection.pk])

    fake = SimpleUploadedFile("anh.jpg", b"not an image at all", content_type="image/jpeg")
    response = client.post(url, {"answer": answer.pk, "photo": fake}, follow=True)
    assert "không phải PDF, JPEG hoặc PNG" in response.content.decode()
    pdf = SimpleUploadedFile("bang.pdf", b"%PDF-1.4\n%%EOF", content_type="application/pdf")
    response = client.post(url, {"answer": answer.pk, "photo": pdf}, follow=True)
    assert "Ảnh minh chứng phải là ảnh JPEG hoặc PNG" in response.content.decode()
    assert Photo.objects.count() == 0

    photo = SimpleUploadedFile("bang-duong-day-nong.png", _png(), content_type="image/png")
    client.post(url, {"answer": answer.pk, "photo": photo})
    stored = Photo.objects.get()
    assert (stored.answer, stored.content_type) == (answer, "image/png")
    served = client.get(reverse("inspections:photo", args=[inspection.pk, stored.pk]))
    assert served.status_code == 200 and b"".join(served.streaming_content).startswith(b"\x89PNG")
    assert inspection.status == Status.IN_PROGRESS


def test_the_staff_home_leads_to_the_inspections(personas):
    page = sign_in(Client(), personas.inspector).get("/staff/").content.decode()
    assert reverse("inspections:list") in page and reverse("inspections:plans") in page
