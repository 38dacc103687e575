"""The one-stop desk's legal forms as PDFs, and the tracking book as PDF and Excel.

Forms 01–06 of Circular 01/2018/TT-VPCP print dossiers received before Circular 03/2025/TT-VPCP
came into force, forms 01–07 of that circular those received from then on; the day is a dated row
with its source (``FormSetPeriod``, see ``formsets``). The forms are legal
documents: their text is the circulars' Vietnamese and is deliberately not translated; only the
errors a user reads are.
"""

from reformdesk.dossiers.printing.book import tracking_book_pdf, tracking_book_rows, tracking_book_xlsx
from reformdesk.dossiers.printing.forms import FormNotApplicable, dossier_form_set, form_pdf
from reformdesk.dossiers.printing.formsets import FormKind, FormSet, form_set_on

__all__ = [
    "FormKind",
    "FormNotApplicable",
    "FormSet",
    "dossier_form_set",
    "form_pdf",
    "form_set_on",
    "tracking_book_pdf",
    "tracking_book_rows",
    "tracking_book_xlsx",
]
