from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from reformdesk.api import api
from reformdesk.core.urls import health_urlpatterns

urlpatterns = [
    *health_urlpatterns,
    path("i18n/", include("django.conf.urls.i18n")),
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
    path("", include("reformdesk.attendance.urls")),
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler400 = "reformdesk.core.views.errors.bad_request"
handler403 = "reformdesk.core.views.errors.permission_denied"
handler404 = "reformdesk.core.views.errors.page_not_found"
handler500 = "reformdesk.core.views.errors.server_error"
