"""Error pages in the app's shell, translated, with no traceback."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def _page(request: HttpRequest, status: int, title: str, message: str) -> HttpResponse:
    context = {"status": status, "title": title, "message": message}
    if not hasattr(request, "user"):
        # Refused before the middleware ran (an unknown Host, by the first one): there is no
        # session or user to build the shell from, and the host must not be read again.
        from django.template import loader

        return HttpResponse(loader.get_template("core/error_bare.html").render(context), status=status)
    return render(request, "core/error.html", context, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(
        request,
        400,
        _("Yêu cầu không hợp lệ"),
        _("Dữ liệu gửi lên không hợp lệ. Vui lòng kiểm tra và thử lại."),
    )


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    message = str(exception) if exception and str(exception) else _("Bạn không có quyền truy cập trang này.")
    return _page(request, 403, _("Không có quyền truy cập"), message)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(
        request, 404, _("Không tìm thấy trang"), _("Trang bạn tìm không tồn tại hoặc đã được chuyển.")
    )


def server_error(request: HttpRequest) -> HttpResponse:
    # No context processors: the failure may be in one of them.
    from django.template import loader

    html = loader.get_template("core/500.html").render({})
    return HttpResponse(html, status=500)
