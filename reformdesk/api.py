"""The JSON API at /api/v1/: each app contributes one router."""

from ninja import NinjaAPI

from reformdesk.attendance.api import router as attendance_router
from reformdesk.catalog.api import router as procedures_router
from reformdesk.catalog.api_statistics import router as catalog_statistics_router
from reformdesk.core.api import AUTH, install_error_handlers
from reformdesk.dossiers.api import router as dossiers_router
from reformdesk.dossiers.api_forms import router as dossier_forms_router
from reformdesk.dossiers.api_public import router as dossier_lookup_router
from reformdesk.notifications.api import router as notifications_router
from reformdesk.org.api import router as org_router
from reformdesk.surveys.api import router as surveys_router
from reformdesk.worktime.api import router as worktime_router

api = NinjaAPI(
    title="ReformDesk API",
    version="1",
    description="Units, officials and working-time arithmetic of ReformDesk. Authenticate with "
    "`Authorization: Bearer <personal access token>`.",
    auth=AUTH,
    urls_namespace="api",
)
install_error_handlers(api)
api.add_router("/org", org_router, tags=["org"])
api.add_router("/worktime", worktime_router, tags=["worktime"])
api.add_router("/procedures", procedures_router, tags=["catalog"])
api.add_router("/catalog", catalog_statistics_router, tags=["catalog"])
api.add_router("/dossiers", dossiers_router, tags=["dossiers"])
api.add_router("/dossiers", dossier_forms_router, tags=["dossiers"])
api.add_router("/public/dossiers", dossier_lookup_router, tags=["public"])
api.add_router("/attendance", attendance_router, tags=["attendance"])
api.add_router("/notifications", notifications_router, tags=["notifications"])
api.add_router("/surveys", surveys_router, tags=["surveys"])
