"""Online filing with files: checked by content, size and count; nothing stored on refusal."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from reformdesk.core import uploads
from reformdesk.dossiers.choices import PaperState, Status
from reformdesk.dossiers.models import Dossier, DossierFile
from reformdesk.dossiers.services import dossier_accept, dossier_submit_online
from reformdesk.dossiers.tests.factories import applicant, png_claiming

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(out, "JPEG")
    return out.getvalue()


def upload(name: str, content: bytes, content_type: str = "application/pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def test_real_pdfs_jpegs_and_pngs_pass_and_are_typed_by_content():
    out = io.BytesIO()
    Image.new("RGB", (4, 4)).save(out, "PNG")
    checked = uploads.check_uploads(
        [
            upload("to-khai.pdf", PDF),
            upload("giay-chung-sinh.jpg", jpeg(), "application/pdf"),
            upload("x.png", out.getvalue()),
        ]
    )
    assert [c.content_type for c in checked] == ["application/pdf", "image/jpeg", "image/png"]
    assert len(checked[0].sha256) == 64


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("to-khai.pdf", b"MZ\x90\x00 not a pdf", "không phải PDF, JPEG hoặc PNG"),
        ("empty.pdf", b"", "rỗng"),
        ("anh.jpg", b"\xff\xd8\xff\xe0 broken", "bị hỏng"),
        ("to-khai.pdf", b"%PDF-" + b"0" * (uploads.MAX_FILE_BYTES), "lớn hơn 10 MB"),
    ],
)
def test_bad_files_are_refused_with_a_clear_message(name, content, message):
    with pytest.raises(ValidationError) as error:
        uploads.check_upload(upload(name, content))
    assert message in error.value.messages[0]


@pytest.mark.parametrize(
    "size",
    [
        (100_000, 100_000),  # Pillow raises DecompressionBombError (over twice its pixel limit)
        (10_000, 10_000),  # Pillow only warns (DecompressionBombWarning): refused all the same
    ],
)
def test_an_image_claiming_too_many_pixels_is_refused_as_a_field_error(size):
    """A PNG of a few bytes claiming 100000×100000 pixels once escaped as a 500."""
    with pytest.raises(ValidationError) as error:
        uploads.check_upload(upload("bom.png", png_claiming(*size), "image/png"))
    assert error.value.messages == ["Ảnh “bom.png” có quá nhiều điểm ảnh (tối đa 89 triệu)."]


def test_too_many_files_are_refused():
    with pytest.raises(ValidationError) as error:
        uploads.check_uploads([upload(f"{i}.pdf", PDF) for i in range(uploads.MAX_FILES + 1)])
    assert "tối đa 20 tệp" in error.value.messages[0]


def test_an_online_dossier_keeps_its_files_through_the_officers_check(
    desk, personas, tree, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    [form_paper, birth_paper, optional] = desk.papers
    files = [
        (form_paper.pk, uploads.check_upload(upload("to-khai.pdf", PDF))),
        (birth_paper.pk, uploads.check_upload(upload("giay-chung-sinh.pdf", PDF))),
    ]
    dossier = dossier_submit_online(
        unit=tree.commune_a, procedure=desk.procedure, applicant=applicant(), files=files
    )

    assert dossier.status == Status.SUBMITTED
    stored = DossierFile.objects.get(paper__required_paper=form_paper)
    assert (stored.original_name, stored.content_type, stored.paper.required_paper_id) == (
        "to-khai.pdf",
        "application/pdf",
        form_paper.pk,
    )
    assert stored.file.read() == PDF
    assert "to-khai" not in stored.file.name  # stored under its digest, not the sender's name
    assert dict(dossier.papers.values_list("required_paper_id", "state")) == {
        form_paper.pk: PaperState.SUBMITTED,
        birth_paper.pk: PaperState.SUBMITTED,
        optional.pk: PaperState.NOT_BROUGHT,
    }

    dossier = dossier_accept(actor=personas.one_stop_a, dossier=dossier, submitted_papers=desk.required_ids)
    assert dossier.status == Status.RECEIVED
    assert set(DossierFile.objects.values_list("paper__state", flat=True)) == {PaperState.SUBMITTED}


def test_a_file_for_a_paper_of_another_procedure_stores_nothing(desk, tree, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with pytest.raises(ValidationError):
        dossier_submit_online(
            unit=tree.commune_a,
            procedure=desk.procedure,
            applicant=applicant(),
            files=[(987654, uploads.check_upload(upload("x.pdf", PDF)))],
        )
    assert Dossier.objects.count() == DossierFile.objects.count() == 0
    assert not any(tmp_path.rglob("*.*"))
