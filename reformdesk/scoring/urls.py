"""The index pages, under /staff/indices/ (namespace ``scoring``)."""

from django.urls import path

from reformdesk.scoring import (
    views,
    views_assessments,
    views_frameworks,
    views_plans,
    views_ranking,
    views_trends,
)

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
    path("staff/indices/assessments/", views_assessments.assessment_list, name="assessments"),
    path("staff/indices/assessments/open/", views_assessments.assessment_open_view, name="assessment_open"),
    path(
        "staff/indices/assessments/<int:pk>/", views_assessments.assessment_detail, name="assessment_detail"
    ),
    path(
        "staff/indices/assessments/<int:pk>/scores/<int:score_id>/<slug:action>/",
        views_assessments.score_action,
        name="score_action",
    ),
    path(
        "staff/indices/assessments/<int:pk>/step/<slug:step>/",
        views_assessments.assessment_step,
        name="assessment_step",
    ),
    path(
        "staff/indices/assessments/<int:pk>/revise/",
        views_assessments.assessment_revise_view,
        name="assessment_revise",
    ),
    path(
        "staff/indices/assessments/<int:pk>/evidence/<int:evidence_id>/",
        views_assessments.evidence_file,
        name="assessment_evidence",
    ),
]

urlpatterns += [
    path("staff/indices/plans/", views_plans.plans_page, name="plans"),
    path("staff/indices/plans/new/", views_plans.plan_create_view, name="plan_create"),
    path("staff/indices/plans/<int:pk>/items/", views_plans.plan_item_add_view, name="plan_item_add"),
    path("staff/indices/plans/<int:pk>/approve/", views_plans.plan_approve_view, name="plan_approve"),
    path("staff/indices/plans/reports/open/", views_plans.obligations_open_view, name="obligations_open"),
    path(
        "staff/indices/plans/reports/<int:pk>/submit/", views_plans.report_submit_view, name="report_submit"
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
