from django.urls import path

from reformdesk.portal.views import dossiers, home, procedures, units

app_name = "portal"

urlpatterns = [
    path("", home.home, name="home"),
    path("procedures/", procedures.procedure_search, name="procedure_search"),
    path("procedures/<str:code>/", procedures.procedure_detail, name="procedure_detail"),
    path(
        "procedures/<str:code>/papers/<int:paper_id>/form/",
        procedures.procedure_form,
        name="procedure_form",
    ),
    path("units/", units.UnitDirectoryView.as_view(), name="unit_directory"),
    path("units/<str:code>/", units.unit_detail, name="unit_detail"),
    path("hotline/", units.hotline, name="hotline"),
    path("tra-cuu-ho-so/", dossiers.dossier_lookup, name="dossier_lookup"),
    path("nop-ho-so/da-nop/", dossiers.dossier_filed, name="dossier_filed"),
    path("nop-ho-so/<str:code>/", dossiers.dossier_file, name="dossier_file"),
]
