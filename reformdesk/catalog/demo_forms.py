"""Downloadable blank forms for the demo catalog's papers (part of ``manage.py load_demo``).

Each distinct form is rendered once, from ``catalog/forms/blank_form.html`` with WeasyPrint, into
the default storage under ``catalog/forms/demo/<name>.pdf``; the papers that name it (by their
demo name, :data:`demo_forms_data.PAPER_FORMS`) and have no file yet get it. Deterministic and
idempotent: the same data gives the same bytes, a file already in storage is reused as it is
(delete the folder to render it again), and a paper that has a file keeps it.

Rendering (and the font: Tinos, metric-compatible with the Times New Roman of official forms, with
its Vietnamese subset) is :func:`reformdesk.core.pdf.render_pdf`'s, as for the desk's own forms.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from functools import cache

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from reformdesk.catalog.cache import catalog_changed
from reformdesk.catalog.demo_forms_data import BUNDLES, DEMO_FOOTER, FORMS_BY_SLUG, PAPER_FORMS, BlankForm
from reformdesk.catalog.models import RequiredPaper
from reformdesk.core.pdf import render_pdf

FOLDER = "catalog/forms/demo"
# WeasyPrint logs every rendering step at INFO; load_demo's output would drown in them.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


def forms_of(name: str) -> tuple[BlankForm, ...]:
    """The forms a file holds: one form, or the forms of a bundle."""
    return tuple(FORMS_BY_SLUG[slug] for slug in BUNDLES.get(name, (name,)))


@cache
def form_pdf(name: str) -> bytes:
    """The PDF of form (or bundle) ``name``; rendered once per process."""
    forms = forms_of(name)
    return render_pdf(
        template_name="catalog/forms/blank_form.html",
        context={"forms": forms, "title": " / ".join(form.title for form in forms), "footer": DEMO_FOOTER},
    )


def stored_form(name: str) -> str:
    """The storage name of form ``name``'s PDF, rendering and saving it if it is not there yet."""
    path = f"{FOLDER}/{name}.pdf"
    if default_storage.exists(path):
        return path
    return default_storage.save(path, ContentFile(form_pdf(name)))


def seed_form_files() -> int:
    """Give every demo paper that names an official form, and has no file, that form's PDF.
    Returns how many papers got a file."""
    waiting: dict[str, list[int]] = defaultdict(list)
    papers = RequiredPaper.objects.filter(name_vi__in=list(PAPER_FORMS), form_file="")
    for pk, paper_name in papers.values_list("pk", "name_vi"):
        waiting[PAPER_FORMS[paper_name]].append(pk)
    attached = 0
    for name, pks in sorted(waiting.items()):
        attached += RequiredPaper.objects.filter(pk__in=pks, form_file="").update(form_file=stored_form(name))
    if attached:
        catalog_changed()  # QuerySet.update sends no signal; the public pages show the download links
    return attached
