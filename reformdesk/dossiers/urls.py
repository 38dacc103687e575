"""The one-stop desk's staff pages, under /staff/dossiers/ (namespace ``dossiers``)."""

from django.urls import path

from reformdesk.dossiers import urls_dashboard, urls_printing
from reformdesk.dossiers.views import detail, intake, worklists

app_name = "dossiers"

urlpatterns = [
    *urls_dashboard.urlpatterns,
    *urls_printing.urlpatterns,
    path("staff/dossiers/", worklists.DossierWorklistView.as_view(), name="worklist"),
    path("staff/dossiers/new/", intake.intake_start, name="intake_start"),
    path("staff/dossiers/bulk/reassign/", worklists.bulk_reassign, name="bulk_reassign"),
    path("staff/dossiers/new/<str:code>/", intake.intake_form, name="intake_form"),
    path("staff/dossiers/<str:code>/", detail.dossier_detail, name="detail"),
    path("staff/dossiers/<str:code>/actions/<str:action>/", detail.dossier_action, name="action"),
    path("staff/dossiers/<str:code>/files/<int:file_id>/", detail.dossier_file, name="file"),
]
