from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from reformdesk.api import api
from reformdesk.core.urls import health_urlpatterns

urlpatterns = [
    *health_urlpatterns,
    path("i18n/", include("django.conf.urls.i18n")),
    # The admin signs in through the site's own login: its throttle, audit rows and second factor.
    path("admin/login/", RedirectView.as_view(pattern_name="core:login", query_string=True)),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("", include("reformdesk.core.urls")),
    path("", include("reformdesk.org.urls")),
    path("", include("reformdesk.portal.urls")),
    path("", include("reformdesk.worktime.urls")),
    path("", include("reformdesk.catalog.urls")),
    path("", include("reformdesk.dossiers.urls")),
    path("", include("reformdesk.notifications.urls")),
    path("", include("reformdesk.surveys.urls")),
    path("", include("reformdesk.feedback.urls")),
    path("", include("reformdesk.documents.urls")),
    path("", include("reformdesk.assignments.urls")),
    path("", include("reformdesk.attendance.urls")),
    path("", include("reformdesk.inspections.urls")),
    path("", include("reformdesk.emulation.urls")),
    path("", include("reformdesk.scoring.urls")),
]
# MEDIA_URL is never served, not even with DEBUG: uploads hold personal data (dossier papers,
# punch photos, sick-leave letters), so each file goes through a view that checks who asks.

handler400 = "reformdesk.core.views.errors.bad_request"
handler403 = "reformdesk.core.views.errors.permission_denied"
handler404 = "reformdesk.core.views.errors.page_not_found"
handler500 = "reformdesk.core.views.errors.server_error"
