"""The JSON API at /api/v1/: each app contributes one router."""

from ninja import NinjaAPI

from reformdesk.assignments.api import router as tasks_router
from reformdesk.attendance.api import router as attendance_router
from reformdesk.catalog.api import router as procedures_router
from reformdesk.catalog.api_statistics import router as catalog_statistics_router
from reformdesk.core.api import AUTH, declare_error_responses, install_error_handlers
from reformdesk.documents.api import router as documents_router
from reformdesk.documents.api_regulations import commitments_router
from reformdesk.documents.api_regulations import router as regulations_router
from reformdesk.dossiers.api import router as dossiers_router
from reformdesk.dossiers.api_forms import router as dossier_forms_router
from reformdesk.dossiers.api_public import router as dossier_lookup_router
from reformdesk.emulation.api import router as training_router
from reformdesk.feedback.api import router as feedback_router
from reformdesk.inspections.api import router as inspections_router
from reformdesk.inspections.api_breaches import router as inspection_breaches_router
from reformdesk.inspections.api_plans import router as inspection_plans_router
from reformdesk.notifications.api import router as notifications_router
from reformdesk.org.api import router as org_router
from reformdesk.scoring.api import router as indices_router
from reformdesk.surveys.api import router as surveys_router
from reformdesk.surveys.api_questionnaires import public_router as public_surveys_router
from reformdesk.surveys.api_questionnaires import router as questionnaires_router
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
for prefix, router, tag in (
    ("/org", org_router, "org"),
    ("/worktime", worktime_router, "worktime"),
    ("/procedures", procedures_router, "catalog"),
    ("/catalog", catalog_statistics_router, "catalog"),
    ("/dossiers", dossiers_router, "dossiers"),
    ("/dossiers", dossier_forms_router, "dossiers"),
    ("/public/dossiers", dossier_lookup_router, "public"),
    ("/attendance", attendance_router, "attendance"),
    ("/notifications", notifications_router, "notifications"),
    ("/surveys", surveys_router, "surveys"),
    ("/surveys", questionnaires_router, "surveys"),
    ("/public/surveys", public_surveys_router, "public"),
    ("/feedback", feedback_router, "feedback"),
    ("/documents", documents_router, "documents"),
    ("/regulations", regulations_router, "documents"),
    ("/commitments", commitments_router, "documents"),
    ("/tasks", tasks_router, "tasks"),
    ("/inspections", inspections_router, "inspections"),
    ("/inspections", inspection_breaches_router, "inspections"),
    ("/inspections", inspection_plans_router, "inspections"),
    ("/indices", indices_router, "indices"),
    ("/training", training_router, "training"),
):
    declare_error_responses(api, router)
    api.add_router(prefix, router, tags=[tag])
