"""The index pages, under /staff/indices/ (namespace ``scoring``)."""

from django.urls import path

from reformdesk.scoring import views, views_frameworks, views_ranking, views_trends

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

urlpatterns += [
    path("staff/indices/frameworks/", views_frameworks.framework_list, name="frameworks"),
    path("staff/indices/frameworks/import/", views_frameworks.framework_import_view, name="framework_import"),
    path("staff/indices/frameworks/<int:pk>/", views_frameworks.framework_detail, name="framework_detail"),
    path(
        "staff/indices/frameworks/<int:pk>/export/",
        views_frameworks.framework_export,
        name="framework_export",
    ),
    path(
        "staff/indices/frameworks/<int:pk>/publish/",
        views_frameworks.framework_publish_view,
        name="framework_publish",
    ),
]

urlpatterns += [
    path("xep-hang-cchc/", views_ranking.public_ranking, name="ranking"),
    path(
        "staff/indices/frameworks/<int:pk>/ranking.xlsx",
        views_ranking.ranking_xlsx,
        name="ranking_xlsx",
    ),
]
