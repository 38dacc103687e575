"""The JSON API at /api/v1/: each app contributes one router."""

from ninja import NinjaAPI

from reformdesk.core.api import AUTH, install_error_handlers
from reformdesk.org.api import router as org_router
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
