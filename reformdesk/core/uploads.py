"""Checks on uploaded files (a dossier's papers, an attachment to an action or an explanation):
by content, size and count.

A file's name and declared type are the sender's word; what counts is its first bytes (and, for
images, that Pillow can read it). Accepted: PDF, JPEG and PNG — what scanners and phones produce.
"""

from __future__ import annotations

import hashlib
import warnings
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from PIL import Image, UnidentifiedImageError

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_FILES = 20
_SIGNATURES = (
    (b"%PDF-", "application/pdf"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
)


@dataclass(frozen=True)
class CheckedFile:
    upload: UploadedFile
    content_type: str
    sha256: str
    size: int


def sniff(head: bytes) -> str | None:
    for signature, content_type in _SIGNATURES:
        if head.startswith(signature):
            return content_type
    return None


def _check_image(upload: UploadedFile, name: str) -> None:
    """Pillow can read the image, and its header claims no more pixels than Pillow's limit: a few
    bytes claiming 100000×100000 pixels would take gigabytes to open for a thumbnail or a PDF."""
    upload.seek(0)
    try:
        # Pillow only warns between its limit and twice it; a warning here refuses the file too.
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                image.verify()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ValidationError(
            _("Ảnh “%(name)s” có quá nhiều điểm ảnh (tối đa %(limit)s triệu).")
            % {"name": name, "limit": (Image.MAX_IMAGE_PIXELS or 0) // 1_000_000}
        ) from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ValidationError(_("Ảnh “%(name)s” bị hỏng hoặc không đọc được.") % {"name": name}) from exc


def check_upload(upload: UploadedFile) -> CheckedFile:
    """One file: at most ``MAX_FILE_BYTES``, a real PDF, JPEG or PNG. Raises ``ValidationError``."""
    name = (upload.name or "")[:80]
    size = upload.size or 0
    if size == 0:
        raise ValidationError(_("Tệp “%(name)s” rỗng.") % {"name": name})
    if size > MAX_FILE_BYTES:
        raise ValidationError(
            _("Tệp “%(name)s” lớn hơn %(limit)s MB.")
            % {"name": name, "limit": MAX_FILE_BYTES // (1024 * 1024)}
        )
    upload.seek(0)
    head = upload.read(16)
    content_type = sniff(head)
    if content_type is None:
        raise ValidationError(
            _("Tệp “%(name)s” không phải PDF, JPEG hoặc PNG (đã kiểm tra nội dung tệp).") % {"name": name}
        )
    if content_type.startswith("image/"):
        _check_image(upload, name)
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return CheckedFile(upload=upload, content_type=content_type, sha256=digest.hexdigest(), size=size)


def check_uploads(uploads: Iterable[UploadedFile]) -> list[CheckedFile]:
    """Every file checked; at most ``MAX_FILES`` in all."""
    files = list(uploads)
    if len(files) > MAX_FILES:
        raise ValidationError(
            ngettext("Chỉ được gửi tối đa %(limit)d tệp.", "Chỉ được gửi tối đa %(limit)d tệp.", MAX_FILES)
            % {"limit": MAX_FILES}
        )
    return [check_upload(f) for f in files]
