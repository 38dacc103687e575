"""The catalog's pages: staff management, statistics, import/export; Open311 discovery.

Each area keeps its own URL module; they share the ``catalog`` namespace.
"""

from reformdesk.catalog import urls_import, urls_open311, urls_staff, urls_statistics

app_name = "catalog"

urlpatterns = [
    *urls_staff.urlpatterns,
    *urls_statistics.urlpatterns,
    *urls_import.urlpatterns,
    *urls_open311.urlpatterns,
]
