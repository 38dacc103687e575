"""``GET /api/v1/dossiers/{code}/forms/{number}``: a dossier's legal form as a PDF, for staff."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Router

from reformdesk.core.api import ApiError, ErrorOut, Text
from reformdesk.dossiers import selectors
from reformdesk.dossiers.printing import FormNotApplicable, form_pdf

router = Router()


@router.get(
    "/{code}/forms/{number}",
    response={200: None, 404: ErrorOut},
    summary="A dossier's form as a PDF",
    description="Form numbers follow the set in force when the dossier was received: 01–05 of "
    "Circular 01/2018/TT-VPCP before Circular 03/2025/TT-VPCP (dated 15 September 2025) came into "
    "force, 01–06 of Circular 03/2025/TT-VPCP from then on; the day the sets change is a dated row "
    "kept with its source "
    "(the tracking book is printed per unit). Staff holding the dossier-reading permission on the "
    "receiving or processing unit only (for anyone else the dossier does not exist: 404); every form "
    "printed is logged as an access to personal data.",
    openapi_extra={"responses": {200: {"content": {"application/pdf": {}}}}},
)
def dossier_form(request: HttpRequest, code: Text, number: Text) -> HttpResponse:
    # Another unit's dossier is answered as a missing one: a 403 would tell that the code exists.
    dossier = (
        selectors.visible_dossiers(user=request.user)
        .select_related("procedure", "receiving_unit__parent", "processing_unit__parent")
        .filter(code=code)
        .first()
    )
    if dossier is None:
        raise ApiError(404, _("Không tìm thấy hồ sơ có mã này."), "not_found")
    try:
        pdf = form_pdf(
            dossier=dossier, number=number, actor=request.user, site_url=request.build_absolute_uri("/")
        )
    except FormNotApplicable as exc:
        raise ApiError(404, exc.message, "form_not_applicable") from exc
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{dossier.code}-mau-{number}.pdf"'
    return response
