"""Shared API machinery: Bearer-token auth, the error body shape, the exception handlers, and the
types every input the API reads is declared with (:data:`Text`, :data:`LongText`,
:data:`Digits`, :data:`SearchText`, :data:`Id`)."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import Annotated, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, NinjaAPI, Router, Schema
from ninja.constants import NOT_SET
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.operation import Operation
from ninja.security import HttpBearer, django_auth
from pydantic import BeforeValidator
from pydantic_core import PydanticCustomError

from reformdesk.core.services.tokens import token_authenticate
from reformdesk.core.text import ascii_digits, clean_text, search_text
from reformdesk.core.validators import validate_text

logger = logging.getLogger(__name__)

# A row id as the API reads it (path, query or body): a 64-bit primary key, so never a number the
# database cannot compare.
MAX_ID = 2**63 - 1
Id = Annotated[int, Field(ge=1, le=MAX_ID)]


def _checked(clean: Callable[[str], str], *, multiline: bool) -> BeforeValidator:
    """A pydantic validator that cleans a string with ``clean`` and checks it with
    ``core.validators.validate_text``, before the declared constraints (``max_length`` counts
    the cleaned text). A refusal is a 422 naming the field, in the reader's language."""

    def check(value: Any) -> Any:
        if not isinstance(value, str):
            return value  # pydantic refuses it as not a string
        value = clean(value)
        try:
            validate_text(value, multiline=multiline)
        except DjangoValidationError as error:
            raise PydanticCustomError(error.code or "invalid_text", error.messages[0]) from None
        return value

    return BeforeValidator(check)


def _search(value: Any) -> Any:
    return " ".join(search_text(value).split()) if isinstance(value, str) else value


def _digits(value: str) -> str:
    return ascii_digits(value).strip()


# Every string the API reads is declared with one of these (a test walks every operation's
# parameters and body): the same rules as the forms' TextInputMixin, DigitsField and SearchField.
Text = Annotated[str, _checked(clean_text, multiline=False)]  # one line in NFC: a name, a code
LongText = Annotated[str, _checked(clean_text, multiline=True)]  # NFC, may span lines: a note
Digits = Annotated[str, _checked(_digits, multiline=False)]  # a phone or ID number, ASCII digits
SearchText = Annotated[str, BeforeValidator(_search)]  # a query: cleaned, never refused


class ErrorOut(Schema):
    detail: str
    code: str


class FieldError(Schema):
    field: str
    message: str


class ValidationErrorOut(ErrorOut):
    errors: list[FieldError]


class ApiError(Exception):
    """Raised by endpoints for a clear, translated client error with a stable code."""

    def __init__(self, status: int, detail: str, code: str, errors: list[dict[str, str]] | None = None):
        super().__init__(detail)
        self.status, self.detail, self.code, self.errors = status, detail, code, errors


def local_time(value: dt.datetime | None) -> dt.datetime | None:
    """A moment as the API writes it: in the server's time zone (Vietnam, +07:00), not UTC."""
    return timezone.localtime(value) if value is not None else None


def field_error(field: str, message: str, code: str, status: int = 422) -> ApiError:
    """An ApiError about one query or body field, with that field in ``errors``."""
    return ApiError(status, message, code, errors=[{"field": field, "message": message}])


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = token_authenticate(secret=token)
        if user is not None:
            request.user = user
        return user


AUTH = [TokenAuth(), django_auth]


# Where ninja reads an operation's input from: a body (JSON, form or file) can be malformed or too large.
_BODY_SOURCES = {"body", "form", "file"}


def error_responses(operation: Operation, *, authenticated: bool) -> dict[int, type[Schema]]:
    """The error answers the shared machinery below can give ``operation``, by status code.

    400 a body that is not JSON, 413 a body over DATA_UPLOAD_MAX_MEMORY_SIZE, 422 a parameter or
    body that fails its schema, 401 no valid token or session, 403 a role that does not allow it
    (or a session without its CSRF token), 404 a path naming nothing, 429 a public rate limit.
    """
    sources = {model.__ninja_param_source__ for model in operation.models}
    found: dict[int, type[Schema]] = {}
    if sources & _BODY_SOURCES:
        found |= {400: ErrorOut, 413: ErrorOut}
    if authenticated:
        found |= {401: ErrorOut, 403: ErrorOut}
    if "path" in sources:
        found[404] = ErrorOut
    if sources:
        found[422] = ValidationErrorOut
    if getattr(operation.view_func, "rate_limited", False):
        found[429] = ErrorOut
    return found


def declare_error_responses(api: NinjaAPI, router: Router) -> None:
    """Add to every operation of ``router`` the error answers it can give (see error_responses), so
    that the OpenAPI document declares each status code that happens. Call it before
    ``api.add_router``: mounting copies each operation's responses. An operation's own declaration
    of a code wins."""
    for path_view in router.path_operations.values():
        for operation in path_view.operations:
            auth = operation.auth_param
            if auth is NOT_SET:
                auth = router.auth if router.auth is not NOT_SET else api.auth
            for status, schema in error_responses(operation, authenticated=bool(auth)).items():
                if status not in operation.response_models:
                    operation.response_models[status] = operation._create_response_model(schema)


def _loc_to_field(loc: list[Any] | tuple[Any, ...]) -> str:
    # ninja locations look like ("query", "start") or ("body", "payload", "name").
    parts = [str(p) for p in loc if p not in {"query", "body", "path", "form", "header", "cookie", "payload"}]
    return ".".join(parts) or "__all__"


def _message(error: dict[str, Any]) -> str:
    """A pydantic error in the reader's language, for the kinds input bounds produce."""
    kind, context = error.get("type", ""), error.get("ctx") or {}
    if kind == "greater_than_equal":
        return _("Không được nhỏ hơn %(limit)s.") % {"limit": context.get("ge")}
    if kind == "less_than_equal":
        return _("Không được lớn hơn %(limit)s.") % {"limit": context.get("le")}
    if kind in {"int_parsing", "int_type", "int_from_float", "int_parsing_size"}:
        return _("Phải là một số nguyên.")
    return str(error.get("msg", ""))


def _size_text(size: int) -> str:
    """``10485760`` → ``10 MB``, ``1024`` → ``1 KB``: a limit as people set it."""
    for unit, factor in (("MB", 1024 * 1024), ("KB", 1024)):
        if size >= factor and size % factor == 0:
            return f"{size // factor} {unit}"
    return f"{size} B"


def _error(
    api: NinjaAPI, request: HttpRequest, status: int, detail: str, code: str, **extra: Any
) -> HttpResponse:
    return api.create_response(request, {"detail": detail, "code": code, **extra}, status=status)


def install_error_handlers(api: NinjaAPI) -> None:
    @api.exception_handler(ApiError)
    def on_api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
        extra = {"errors": exc.errors} if exc.errors is not None else {}
        return _error(api, request, exc.status, exc.detail, exc.code, **extra)

    @api.exception_handler(NinjaValidationError)
    def on_validation(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        errors = [{"field": _loc_to_field(e.get("loc", ())), "message": _message(e)} for e in exc.errors]
        return _error(api, request, 422, _("Dữ liệu không hợp lệ."), "validation_error", errors=errors)

    @api.exception_handler(DjangoValidationError)
    def on_django_validation(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        if hasattr(exc, "error_dict"):
            errors = [{"field": f, "message": str(m)} for f, msgs in exc.message_dict.items() for m in msgs]
        else:
            errors = [{"field": "__all__", "message": str(m)} for m in exc.messages]
        return _error(
            api,
            request,
            422,
            errors[0]["message"] if errors else _("Dữ liệu không hợp lệ."),
            "validation_error",
            errors=errors,
        )

    @api.exception_handler(RequestDataTooBig)
    def on_too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
        limit = _size_text(settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0)
        detail = _("Nội dung gửi lên quá lớn (tối đa %(limit)s).") % {"limit": limit}
        return _error(api, request, 413, detail, "request_too_large")

    @api.exception_handler(AuthenticationError)
    def on_auth(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return _error(api, request, 401, _("Cần đăng nhập hoặc mã truy cập hợp lệ."), "not_authenticated")

    @api.exception_handler(PermissionDenied)
    def on_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return _error(
            api,
            request,
            403,
            str(exc) or _("Bạn không có quyền thực hiện thao tác này."),
            "permission_denied",
        )

    @api.exception_handler(Http404)
    def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return _error(api, request, 404, _("Không tìm thấy."), "not_found")

    @api.exception_handler(HttpError)
    def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        return _error(api, request, exc.status_code, str(exc), "http_error")

    @api.exception_handler(Exception)
    def on_crash(request: HttpRequest, exc: Exception) -> HttpResponse:
        logger.exception("API error on %s", request.path)
        return _error(api, request, 500, _("Lỗi hệ thống. Vui lòng thử lại sau."), "server_error")
