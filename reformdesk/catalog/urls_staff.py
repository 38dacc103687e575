"""Staff pages of the catalog, under /staff/catalog/ (namespace ``catalog``)."""

from django.urls import path

from reformdesk.catalog.views.staff import fields, procedures, publications, versions

app_name = "catalog"

urlpatterns = [
    path("staff/catalog/", procedures.ProcedureListView.as_view(), name="procedure_list"),
    path("staff/catalog/procedures/new/", procedures.procedure_create, name="procedure_create"),
    path("staff/catalog/procedures/<str:code>/", procedures.procedure_detail, name="procedure_detail"),
    path("staff/catalog/procedures/<str:code>/edit/", procedures.procedure_edit, name="procedure_edit"),
    path("staff/catalog/procedures/<str:code>/versions/new/", versions.version_create, name="version_create"),
    path(
        "staff/catalog/procedures/<str:code>/publish/", publications.publication_add, name="publication_add"
    ),
    path("staff/catalog/versions/<int:pk>/edit/", versions.version_edit, name="version_edit"),
    path("staff/catalog/versions/<int:pk>/cases/new/", versions.case_create, name="case_create"),
    path("staff/catalog/cases/<int:pk>/edit/", versions.case_edit, name="case_edit"),
    path("staff/catalog/cases/<int:pk>/delete/", versions.case_delete, name="case_delete"),
    path(
        "staff/catalog/versions/<int:pk>/channels/", versions.filing_methods_edit, name="filing_methods_edit"
    ),
    path("staff/catalog/versions/<int:pk>/papers/", versions.papers_edit, name="papers_edit"),
    path("staff/catalog/versions/<int:pk>/steps/", versions.steps_edit, name="steps_edit"),
    path("staff/catalog/publications/", publications.PublicationListView.as_view(), name="publication_list"),
    path(
        "staff/catalog/publications/<int:pk>/withdraw/",
        publications.publication_withdraw,
        name="publication_withdraw",
    ),
    path("staff/catalog/fields/", fields.FieldListView.as_view(), name="field_list"),
    path("staff/catalog/fields/new/", fields.field_create, name="field_create"),
    path("staff/catalog/fields/<int:pk>/edit/", fields.field_edit, name="field_edit"),
]
