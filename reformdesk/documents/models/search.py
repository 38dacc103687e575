"""The registers' full-text search index: one row per register entry with its words, folded.

``words`` holds the entry's metadata (symbol, sender or signer, summary, recipients) and the text
of its PDF (extracted at upload, ``documents.pdftext``), folded (no diacritics, lower case) and cut
into plain words of letters and digits separated by single spaces; ``names`` holds the folded
names of the people and offices on it (the sender, the signer). Cutting the words in Python, not
in the database, is what makes both databases find the same entries
(``documents.selectors.search_entry_ids``):

- PostgreSQL: ``to_tsvector('simple', words)`` with a GIN index (prefix queries ``word:*``), and a
  trigram GIN index (``pg_trgm``) on ``names`` for a part of a name;
- SQLite: two FTS5 tables kept in step by triggers, ``unicode61`` on ``words`` and ``trigram`` on
  ``names``.

The database-specific indexes, tables and triggers are created by the migration
(``0003_register_search``), not declared here, so that each database gets only its own.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from reformdesk.documents.choices import Register

WORDS_MAX_CHARS = 200_000
NAMES_MAX_CHARS = 400


class SearchEntry(models.Model):
    """The searchable words of one incoming or outgoing register entry (exactly one of the two).

    Written by ``documents.services.search.index_entry`` when the entry is registered; never
    edited by hand. ``unit`` and ``year`` repeat the entry's, so that a search narrows to a unit's
    register of a year before it reads any text."""

    incoming = models.OneToOneField(
        "documents.IncomingDocument",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="search_entry",
    )
    outgoing = models.OneToOneField(
        "documents.OutgoingDocument",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="search_entry",
    )
    register = models.CharField(_("sổ"), max_length=24, choices=Register.choices)
    unit = models.ForeignKey("org.Unit", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("năm"))
    words = models.TextField(_("từ khóa"), blank=True)
    names = models.CharField(_("tên"), max_length=NAMES_MAX_CHARS, blank=True)
    body_chars = models.PositiveIntegerField(_("số ký tự trích từ tệp"), default=0)

    class Meta:
        verbose_name = _("chỉ mục tìm kiếm văn bản")
        verbose_name_plural = _("chỉ mục tìm kiếm văn bản")
        ordering = ["id"]
        indexes = [models.Index(fields=["unit", "register", "year"], name="documents_search_scope_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(incoming__isnull=False, outgoing__isnull=True)
                | Q(incoming__isnull=True, outgoing__isnull=False),
                name="documents_search_one_entry",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.register} {self.incoming_id or self.outgoing_id}"
