"""Importing and exporting the catalog workbook (staff, ``Perm.MANAGE_CATALOG``)."""

from django.urls import path

from reformdesk.catalog.views import importing

app_name = "catalog"

urlpatterns = [
    path("staff/catalog/import/", importing.import_page, name="import"),
    path("staff/catalog/import/commit/", importing.import_commit, name="import_commit"),
    path("staff/catalog/export.xlsx", importing.export_xlsx, name="export_xlsx"),
]
