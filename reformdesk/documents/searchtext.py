"""The words the registers' full-text search matches, cut the same way for the index and for a
query, and the text of an uploaded PDF.

A text is folded (``core.text.fold``: no diacritics, ``đ`` as ``d``, lower case) and cut into
words of letters and digits; everything else (``/``, ``-``, ``.``, quotes) separates words. The
symbol "125/HD-PNV" becomes ``125 hd pnv``. Both databases then see only plain words between single
spaces, which PostgreSQL's ``simple`` configuration and SQLite's ``unicode61`` tokenizer cut the
same way, so they find the same entries (``models.search``).
"""

from __future__ import annotations

import logging
import re
from typing import IO

from reformdesk.core.text import fold, search_text

_WORD = re.compile(r"[^\W_]+")
# A query's words: more would only narrow a search no one types.
MAX_TERMS = 8
# The shortest part of a name the trigram indexes match (three characters: one trigram).
MIN_NAME_PART = 3
# The text kept from one PDF: a register entry's file is a few pages; a 500-page annex adds
# nothing a search needs beyond its first pages.
MAX_PDF_PAGES = 100
MAX_PDF_CHARS = 150_000


def words_of(*parts: str, limit: int | None = None) -> str:
    """``parts`` folded and cut into words, joined by single spaces (at most ``limit`` characters,
    cut at a word's end)."""
    text = " ".join(_WORD.findall(fold(" ".join(p for p in parts if p))))
    if limit is not None and len(text) > limit:
        text = text[:limit].rsplit(" ", 1)[0]
    return text


def query_terms(query: str) -> list[str]:
    """The words of a search query, cut as :func:`words_of` cuts the index (at most
    ``MAX_TERMS``, duplicates dropped)."""
    return list(dict.fromkeys(_WORD.findall(fold(search_text(query)))))[:MAX_TERMS]


def pdf_text(file: IO[bytes]) -> str:
    """The text layer of a PDF (``pypdf``), its first ``MAX_PDF_PAGES`` pages, at most
    ``MAX_PDF_CHARS`` characters; empty for a scan with no text layer or a PDF ``pypdf`` cannot
    read (the upload was already checked to be a PDF: a damaged one is still registered, just not
    searchable by its content). ``file`` is read from its start and left at its start."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    chunks: list[str] = []
    size = 0
    try:
        file.seek(0)
        reader = PdfReader(file)
        for page in reader.pages[:MAX_PDF_PAGES]:
            chunk = page.extract_text() or ""
            chunks.append(chunk)
            size += len(chunk)
            if size >= MAX_PDF_CHARS:
                break
    except (PyPdfError, ValueError, KeyError, TypeError, OSError, RecursionError):
        chunks = []
    finally:
        file.seek(0)
    return " ".join(chunks)[:MAX_PDF_CHARS]
