"""Staff pages for importing and exporting the catalog workbook.

Upload → the dry run's preview and error table → "commit", which imports the same file after
checking it again. Between the two requests the file waits in a server-side folder under a random
token; the session holds only the token and the file's name. Only holders of
``Perm.MANAGE_CATALOG`` over a subtree (reform officers, administrators) get these pages.
"""

from __future__ import annotations

import io
import re
import secrets
import time
from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from reformdesk.catalog.importing import ImportReport, catalog_export, catalog_import
from reformdesk.catalog.importing.layout import SHEETS
from reformdesk.catalog.importing.reader import MAX_FILE_BYTES, FileRefused, kind_of
from reformdesk.core.downloads import XLSX_CONTENT_TYPE, download
from reformdesk.core.forms import BootstrapMixin, TextInputMixin
from reformdesk.org.permissions import Perm, require

SESSION_KEY = "catalog_import"
STALE_SECONDS = 24 * 3600
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
_ZIP_MAGIC = b"PK\x03\x04"


def upload_dir() -> Path:
    """Where uploads wait for their commit (the ``CATALOG_IMPORT_DIR`` setting)."""
    folder = Path(settings.CATALOG_IMPORT_DIR)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


class UploadForm(TextInputMixin, BootstrapMixin, forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Tệp danh mục"),
        help_text=gettext_lazy("Bảng tính .xlsx theo mẫu, hoặc tệp .csv của trang Thủ tục; tối đa 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        try:
            kind = kind_of(upload.name)
        except FileRefused as exc:
            raise forms.ValidationError(exc.message) from exc
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(
                _("Tệp quá lớn; giới hạn là %(limit)s MB.") % {"limit": MAX_FILE_BYTES // 1024 // 1024}
            )
        head = upload.read(4)
        upload.seek(0)
        if kind == "xlsx" and head != _ZIP_MAGIC:
            raise forms.ValidationError(_("Tệp không phải là bảng tính Excel (.xlsx) dù có đuôi .xlsx."))
        if kind == "csv" and head == _ZIP_MAGIC:
            raise forms.ValidationError(
                _(
                    "Tệp là bảng tính Excel, không phải CSV: "
                    "hãy đổi đuôi thành .xlsx hoặc lưu lại dưới dạng CSV."
                )
            )
        return upload


def _remove_stale(folder: Path) -> None:
    cutoff = time.time() - STALE_SECONDS
    for path in folder.glob("*.upload"):
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink()
        except OSError:
            continue


def _stored(request: HttpRequest) -> tuple[Path, str] | None:
    """The waiting upload of this session (its path and original name), if it is still there."""
    entry = request.session.get(SESSION_KEY) or {}
    token, name = entry.get("token", ""), entry.get("name", "")
    if not _TOKEN.match(token) or not name:
        return None
    path = upload_dir() / f"{token}.upload"
    return (path, name) if path.is_file() else None


def _forget(request: HttpRequest) -> None:
    stored = _stored(request)
    if stored is not None:
        stored[0].unlink(missing_ok=True)
    request.session.pop(SESSION_KEY, None)


def _page(
    request: HttpRequest, form: UploadForm, report: ImportReport | None = None, status: int = 200
) -> HttpResponse:
    token = (request.session.get(SESSION_KEY) or {}).get("token", "")
    return render(
        request,
        "catalog/import.html",
        {
            "page_title": _("Nhập, xuất danh mục thủ tục"),
            "form": form,
            "report": report,
            "token": token if report is not None and report.ok and not report.committed else "",
            "sheets": SHEETS,
            "max_mb": MAX_FILE_BYTES // 1024 // 1024,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def import_page(request: HttpRequest) -> HttpResponse:
    """GET: the upload form. POST: keep the upload, run the dry run and show its preview."""
    require(request.user, Perm.MANAGE_CATALOG)
    if request.method != "POST":
        return _page(request, UploadForm())
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, form, status=400)
    upload = form.cleaned_data["file"]
    data = upload.read()
    _forget(request)
    folder = upload_dir()
    _remove_stale(folder)
    token = secrets.token_urlsafe(24)
    (folder / f"{token}.upload").write_bytes(data)
    request.session[SESSION_KEY] = {"token": token, "name": Path(upload.name).name}
    report = catalog_import(data=data, filename=Path(upload.name).name, actor=request.user, commit=False)
    return _page(request, UploadForm(), report)


@login_required
@require_POST
def import_commit(request: HttpRequest) -> HttpResponse:
    """Import the file previewed in this session, checked again from scratch, all or nothing."""
    require(request.user, Perm.MANAGE_CATALOG)
    stored = _stored(request)
    token = (request.session.get(SESSION_KEY) or {}).get("token", "")
    if stored is None or not secrets.compare_digest(request.POST.get("token", ""), token):
        messages.error(
            request, _("Tệp đã xem trước không còn nữa hoặc đã được thay bằng tệp khác. Hãy tải lên lại.")
        )
        return redirect("catalog:import")
    path, name = stored
    report = catalog_import(data=path.read_bytes(), filename=name, actor=request.user, commit=True)
    _forget(request)
    if not report.committed:
        return _page(request, UploadForm(), report, status=400)
    counts = report.counts["procedures"]
    created = ngettext("%(n)s thủ tục mới", "%(n)s thủ tục mới", counts.create) % {"n": counts.create}
    updated = ngettext("%(n)s thủ tục được cập nhật", "%(n)s thủ tục được cập nhật", counts.update) % {
        "n": counts.update
    }
    messages.success(
        request,
        # Each count is a phrase of its own, so that each takes its own plural.
        _("Đã nhập danh mục từ %(file)s: %(created)s, %(updated)s.")
        % {"file": name, "created": created, "updated": updated},
    )
    return redirect("catalog:import")


@login_required
@require_GET
def export_xlsx(request: HttpRequest) -> HttpResponse:
    """The whole catalog as a workbook in the import layout."""
    require(request.user, Perm.MANAGE_CATALOG)
    workbook = io.BytesIO()
    catalog_export(target=workbook)
    return download(
        workbook.getvalue(),
        filename=f"danh-muc-thu-tuc-{timezone.localdate():%Y%m%d}.xlsx",
        content_type=XLSX_CONTENT_TYPE,
    )
