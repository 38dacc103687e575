"""Public procedure pages: the search, one procedure's page, and its form files."""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any

from django.core.paginator import Page, Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.functional import cached_property
from django.views.decorators.http import require_safe

from reformdesk.catalog import selectors
from reformdesk.catalog.choices import Channel, OnlineLevel
from reformdesk.core.pagination import page_number
from reformdesk.core.ratelimit import public_rate_limit
from reformdesk.portal.cache import cached_html, one_catalog_version, piece_etag
from reformdesk.portal.forms import ProcedureSearchForm

RESULTS_REGION_ID = "search-results"
PER_PAGE = 20
SEARCH_PARAMS = ("q", "field", "level", "unit", "online", "page")
# The same address answers an htmx request for the results region with that region only.
SEARCH_VARY = ("HX-Request", "HX-Target")


class CountedPaginator(Paginator):
    """A paginator told the number of rows (counted by a lighter query than its rows' own)."""

    def __init__(self, object_list: Any, per_page: int, *, count: int) -> None:
        super().__init__(object_list, per_page)
        self.known_count = count

    @cached_property
    def count(self) -> int:
        return self.known_count


def paginate(request: HttpRequest, items: Any, per_page: int = PER_PAGE) -> Page:
    """The requested page; a page number out of range or not a number gives the nearest page."""
    return Paginator(items, per_page).get_page(request.GET.get("page"))


def query_without_page(params: QueryDict) -> str:
    """The query string of the current search without its page, for the pagination links."""
    kept = params.copy()
    kept.pop("page", None)
    return kept.urlencode()


def wants_fragment(request: HttpRequest, region: str) -> bool:
    htmx = getattr(request, "htmx", None)
    return htmx is not None and bool(htmx) and htmx.target == region


def search_params(query: QueryDict) -> list[tuple[str, str]]:
    """The search's own parameters that carry a value, in a fixed order: what a page of results
    depends on. Empty and unknown parameters change nothing, so they are left out."""
    return [(name, value) for name in SEARCH_PARAMS if (value := query.get(name, ""))]


def search_page(arguments: dict[str, Any], requested: str | None) -> Page:
    """The requested page of results, read with its total in one query; like ``get_page``, a page
    number that is not a number gives the first page, one out of range the last."""
    number = page_number(requested, per_page=PER_PAGE)
    rows: list[Any] = []
    if number >= 1:
        offset = (number - 1) * PER_PAGE
        rows, total = selectors.procedure_search_page(offset=offset, limit=PER_PAGE, **arguments)
    else:
        total = selectors.procedure_search_count(**arguments)
    paginator = CountedPaginator(rows, PER_PAGE, count=total)
    if not rows:
        number = paginator.num_pages
        if total:
            offset = (number - 1) * PER_PAGE
            rows, _total = selectors.procedure_search_page(offset=offset, limit=PER_PAGE, **arguments)
    return Page(rows, number, paginator)


def search_context(params: list[tuple[str, str]]) -> dict[str, Any]:
    """What the search's templates show for ``params`` (nothing from the request itself)."""
    data = QueryDict(mutable=True)
    for name, value in params:
        data[name] = value
    form = ProcedureSearchForm(data)
    page = search_page(form.search_arguments(), data.get("page"))
    return {
        "form": form,
        "page": page,
        "query_string": query_without_page(data),
        "region_id": RESULTS_REGION_ID,
        "searched": bool(data.get("q")) or form.has_filters,
    }


@require_safe
@public_rate_limit("portal.procedure_search")
def procedure_search(request: HttpRequest) -> HttpResponse:
    """Search that ignores diacritics and case, with filters, a result count and pages of 20.
    htmx requests (typing, a filter, a page link) get only the results region back.

    The form and the results are rendered apart from the page around them (menus, the user, the
    CSRF token) and kept in the portal cache until the next catalog write."""
    params = search_params(request.GET)
    fragment = wants_fragment(request, RESULTS_REGION_ID)
    if fragment:
        template, kind = "portal/_procedure_results.html", "search-results"
    else:
        template, kind = "portal/_procedure_search_content.html", "search-page"
    with one_catalog_version():
        if fragment:
            # The results region holds nothing of the request: a browser that has it already is
            # told so (the tag changes with the catalog version, the day and the language).
            etag = piece_etag(kind, params)
            unchanged = get_conditional_response(request, etag=etag)
            if unchanged is not None:
                patch_vary_headers(unchanged, SEARCH_VARY)
                return unchanged
        html = cached_html(kind, params, lambda: render_to_string(template, search_context(params)))
    if fragment:
        response = HttpResponse(html)
        response["ETag"] = etag
        patch_cache_control(response, private=True, no_cache=True)
    else:
        response = render(request, "portal/procedure_search.html", {"content": html})
    patch_vary_headers(response, SEARCH_VARY)
    return response


@require_safe
def procedure_detail(request: HttpRequest, code: str) -> HttpResponse:
    """Everything a citizen needs before coming to the desk, printable."""
    detail = selectors.procedure_detail(code=code)
    if detail is None:
        raise Http404
    context = {
        "detail": detail,
        "procedure": detail.procedure,
        "files_online": files_online(detail),
        "by_post": any(m.channel == Channel.POST for m in detail.filing_methods),
    }
    return render(request, "portal/procedure_detail.html", context)


def files_online(detail: selectors.ProcedureDetail) -> bool:
    """Whether a citizen can file ``detail``'s procedure online today: offered online (fully or in
    part), with a version in force, and posted at a desk that will check the papers. The filing
    page (``dossier_file``) opens exactly then."""
    return (
        detail.procedure.is_active
        and detail.procedure.online_level != OnlineLevel.NONE
        and detail.version is not None
        and bool(detail.desks)
    )


@require_safe
@public_rate_limit("portal.procedure_form")
def procedure_form(request: HttpRequest, code: str, paper_id: int) -> FileResponse:
    """The form (mẫu đơn, tờ khai) of one paper, as a download under its own file name."""
    paper = selectors.procedure_paper_with_form(code=code, paper_id=paper_id)
    if paper is None:
        raise Http404
    try:
        handle = paper.form_file.open("rb")
    except OSError as missing:  # the row names a file the storage no longer holds
        raise Http404 from missing
    return FileResponse(handle, as_attachment=True, filename=PurePosixPath(paper.form_file.name).name)
