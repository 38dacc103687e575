"""The index pages, under /staff/indices/ (namespace ``scoring``)."""

from django.urls import path

from reformdesk.scoring import views, views_trends

app_name = "scoring"

urlpatterns = [
    path("staff/indices/766/", views.index766, name="index766"),
    path("staff/indices/766/entries/new/", views.entry_new, name="entry_new"),
    path("staff/indices/766/entries/<int:entry_id>/evidence/", views.entry_evidence, name="entry_evidence"),
    path("staff/indices/766/trends/", views_trends.trend_page, name="trends"),
    path("staff/indices/766/comparison/", views_trends.comparison_page, name="comparison"),
    path("staff/indices/766/comparison.xlsx", views_trends.comparison_xlsx, name="comparison_xlsx"),
    path("staff/indices/766/index.xlsx", views_trends.index_xlsx, name="index_xlsx"),
]
