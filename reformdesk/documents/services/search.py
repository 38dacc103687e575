"""Writing an entry's row of the full-text search index (``models.search``): its metadata and the
text of its file, extracted at upload."""

from __future__ import annotations

from reformdesk.core.uploads import CheckedFile
from reformdesk.documents.choices import Register
from reformdesk.documents.models import IncomingDocument, OutgoingDocument
from reformdesk.documents.models.search import NAMES_MAX_CHARS, WORDS_MAX_CHARS, SearchEntry
from reformdesk.documents.searchtext import pdf_text, words_of


def file_text(upload: CheckedFile | None) -> str:
    """The text of an uploaded PDF; empty for none, or for an image (a scan without OCR)."""
    if upload is None or upload.content_type != "application/pdf":
        return ""
    return pdf_text(upload.upload)


def index_entry(*, document: IncomingDocument | OutgoingDocument, body: str = "") -> SearchEntry:
    """Create or replace the search row of ``document`` (saved already) with its metadata and
    ``body``, the text of its file. Runs inside the registering transaction."""
    body_words = words_of(body)
    target: dict[str, IncomingDocument | OutgoingDocument]
    if isinstance(document, IncomingDocument):
        target = {"incoming": document}
        register = Register.INCOMING
        names = words_of(document.sender)
        meta = words_of(document.original_symbol, document.sender, document.summary)
    else:
        target = {"outgoing": document}
        register = Register.OUTGOING
        names = words_of(document.signer.full_name)
        meta = words_of(document.symbol, document.signer.full_name, document.summary, document.recipients)
    words = f"{meta} {body_words}".strip()
    if len(words) > WORDS_MAX_CHARS:
        words = words[:WORDS_MAX_CHARS].rsplit(" ", 1)[0]
    entry, _created = SearchEntry.objects.update_or_create(
        **target,  # type: ignore[arg-type]
        defaults={
            "register": register,
            "unit_id": document.unit_id,
            "year": document.year,
            "words": words,
            "names": names[:NAMES_MAX_CHARS],
            "body_chars": len(body_words),
        },
    )
    return entry
