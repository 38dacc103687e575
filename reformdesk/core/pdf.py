"""Rendering a Django template to PDF bytes with WeasyPrint: the one place that knows the fonts.

Forms and reports are printed in Tinos, a serif metric-compatible with Times New Roman (the face
Vietnamese administrative documents use), whose latin and vietnamese subsets are fetched from the
npm registry at set-up into ``vendor/fonts/tinos`` (``assets.lock.json``). Rendering reads local
files and ``data:`` URIs only: nothing is ever loaded over the network.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.template.loader import render_to_string
from django.utils import translation

# fontTools logs every woff2 font it unpacks at INFO: four lines a form in the server's log.
logging.getLogger("fontTools").setLevel(logging.WARNING)

# Each subset file is its own family: WeasyPrint embeds one font per family, weight and style, and
# two files under one family name would share (and scramble) one glyph table. Pango falls back
# from the first family to the second for the characters only the Vietnamese subset has.
FONT_FAMILY = "Tinos, TinosVietnamese, serif"
_FAMILIES = {"latin": "Tinos", "vietnamese": "TinosVietnamese"}
FONT_DIR = Path(settings.BASE_DIR) / "vendor" / "fonts" / "tinos"
# The code points of each fontsource subset (its unicode.json): together they cover Vietnamese.
_SUBSETS = {
    "latin": "U+0000-00FF,U+0131,U+0152-0153,U+02BB-02BC,U+02C6,U+02DA,U+02DC,U+0304,U+0308,U+0329,"
    "U+2000-206F,U+20AC,U+2122,U+2191,U+2193,U+2212,U+2215,U+FEFF,U+FFFD",
    "vietnamese": "U+0102-0103,U+0110-0111,U+0128-0129,U+0168-0169,U+01A0-01A1,U+01AF-01B0,U+0300-0301,"
    "U+0303-0304,U+0308-0309,U+0323,U+0329,U+1EA0-1EF9,U+20AB",
}
_FACES = [(weight, style) for weight in (400, 700) for style in ("normal", "italic")]


def font_files() -> list[Path]:
    """The font files the forms need, in the order of :func:`font_face_css`."""
    return [
        FONT_DIR / f"tinos-{subset}-{weight}-{style}.woff2" for weight, style in _FACES for subset in _SUBSETS
    ]


def font_face_css() -> str:
    """``@font-face`` rules for the PDF font; fails clearly when the set-up did not fetch it."""
    missing = [path.name for path in font_files() if not path.is_file()]
    if missing:
        raise ImproperlyConfigured(
            f"PDF font files missing in {FONT_DIR} ({', '.join(missing)}): run `make assets`."
        )
    rules = []
    for weight, style in _FACES:
        for subset, ranges in _SUBSETS.items():
            path = FONT_DIR / f"tinos-{subset}-{weight}-{style}.woff2"
            rules.append(
                f"@font-face {{ font-family: {_FAMILIES[subset]}; font-weight: {weight}; font-style: {style};"
                f" src: url('{path.as_uri()}') format('woff2'); unicode-range: {ranges}; }}"
            )
    return "\n".join(rules)


def render_pdf(*, template_name: str, context: Mapping[str, Any], language: str = "vi") -> bytes:
    """Render ``template_name`` with ``context`` (plus ``pdf_font_family``) in ``language`` and
    return the PDF bytes. Relative URLs in the template resolve inside ``vendor/``."""
    return render_pdf_fitting(template_name=template_name, contexts=[context], language=language)


def render_pdf_fitting(
    *,
    template_name: str,
    contexts: Sequence[Mapping[str, Any]],
    max_pages: int | None = None,
    language: str = "vi",
) -> bytes:
    """The PDF of the first of ``contexts`` whose layout takes at most ``max_pages`` pages (the
    last one when none does): a form that must fit one sheet tries tighter settings in turn."""
    # Imported here: WeasyPrint loads Pango when imported, which only printing needs.
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(allowed_protocols={"file", "data"}, fail_on_errors=True)
    base_url = (Path(settings.BASE_DIR) / "vendor").as_uri() + "/"
    for index, context in enumerate(contexts):
        with translation.override(language):
            html = render_to_string(template_name, {**context, "pdf_font_family": FONT_FAMILY})
        fonts = FontConfiguration()
        stylesheet = CSS(string=font_face_css(), font_config=fonts, url_fetcher=fetcher)
        document = HTML(string=html, base_url=base_url, url_fetcher=fetcher).render(
            stylesheets=[stylesheet], font_config=fonts
        )
        if max_pages is None or len(document.pages) <= max_pages or index == len(contexts) - 1:
            pdf: bytes = document.write_pdf()
            return pdf
    raise ValueError("render_pdf_fitting() needs at least one context")
