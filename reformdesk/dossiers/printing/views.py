"""Staff downloads of the tracking book: ``?unit=<code>&month=<YYYY-MM>`` as PDF or Excel.

The unit defaults to the one chosen in the unit switcher and the month to the current one. A bad
query renders the error page with the reason (400); reading needs ``Perm.VIEW_DOSSIERS`` on the unit.
"""

from __future__ import annotations

import calendar
import datetime as dt

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from reformdesk.core.downloads import PDF_CONTENT_TYPE, XLSX_CONTENT_TYPE, download
from reformdesk.core.forms import TextInputMixin
from reformdesk.dossiers.printing.book import tracking_book_pdf, tracking_book_xlsx
from reformdesk.org.current import current_unit
from reformdesk.org.models import Unit
from reformdesk.org.selectors import unit_get_by_code


class BookQueryForm(TextInputMixin, forms.Form):
    unit = forms.CharField(max_length=40, required=False)
    month = forms.CharField(max_length=20, required=False)

    def __init__(self, *args: object, default_unit: Unit | None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.default_unit = default_unit

    def clean_unit(self) -> Unit:
        code = (self.cleaned_data.get("unit") or "").strip()
        if not code:
            if self.default_unit is None:
                raise forms.ValidationError(_("Hãy chọn đơn vị cần in sổ theo dõi hồ sơ."))
            return self.default_unit
        unit = unit_get_by_code(code=code)
        if unit is None:
            raise forms.ValidationError(_("Không tìm thấy đơn vị có mã «%(code)s».") % {"code": code[:20]})
        return unit

    def clean_month(self) -> tuple[dt.date, dt.date]:
        raw = (self.cleaned_data.get("month") or "").strip()
        if not raw:
            today = timezone.localdate()
            year, month = today.year, today.month
        else:
            try:
                year, month = (int(part) for part in raw.split("-"))
                dt.date(year, month, 1)
            except ValueError:
                raise forms.ValidationError(
                    _("Tháng không hợp lệ. Ghi theo dạng 2025-12 (năm-tháng).")
                ) from None
            if not 2000 <= year <= 2100:
                raise forms.ValidationError(_("Tháng không hợp lệ. Ghi theo dạng 2025-12 (năm-tháng)."))
        last = calendar.monthrange(year, month)[1]
        return dt.date(year, month, 1), dt.date(year, month, last)


def _query(request: HttpRequest) -> tuple[Unit, dt.date, dt.date] | HttpResponse:
    form = BookQueryForm(request.GET, default_unit=current_unit(request))
    if not form.is_valid():
        message = " ".join(str(m) for messages in form.errors.values() for m in messages)
        return render(
            request,
            "core/error.html",
            {"status": 400, "title": _("Yêu cầu không hợp lệ"), "message": message},
            status=400,
        )
    start, end = form.cleaned_data["month"]
    return form.cleaned_data["unit"], start, end


def _filename(unit: Unit, start: dt.date, extension: str) -> str:
    return f"so-theo-doi-ho-so-{unit.code}-{start:%Y-%m}.{extension}"


@login_required
@require_GET
def book_pdf(request: HttpRequest) -> HttpResponse:
    query = _query(request)
    if isinstance(query, HttpResponse):
        return query
    unit, start, end = query
    pdf = tracking_book_pdf(unit=unit, start=start, end=end, actor=request.user)
    return download(pdf, filename=_filename(unit, start, "pdf"), content_type=PDF_CONTENT_TYPE)


@login_required
@require_GET
def book_xlsx(request: HttpRequest) -> HttpResponse:
    query = _query(request)
    if isinstance(query, HttpResponse):
        return query
    unit, start, end = query
    workbook = tracking_book_xlsx(unit=unit, start=start, end=end, actor=request.user)
    return download(workbook, filename=_filename(unit, start, "xlsx"), content_type=XLSX_CONTENT_TYPE)
