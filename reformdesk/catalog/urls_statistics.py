"""Publication statistics for staff: the page and its Excel export (namespace ``catalog``)."""

from django.urls import path

from reformdesk.catalog.views import statistics

app_name = "catalog"

urlpatterns = [
    path("staff/catalog/statistics/", statistics.statistics_page, name="statistics"),
    path("staff/catalog/statistics.xlsx", statistics.statistics_xlsx, name="statistics_xlsx"),
]
