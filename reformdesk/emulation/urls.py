"""The training and evaluation pages (namespace ``emulation``)."""

from django.urls import path

from reformdesk.emulation import views_evaluation, views_training

app_name = "emulation"

urlpatterns = [
    path("staff/training/", views_training.course_list, name="courses"),
    path("staff/training/gaps/", views_training.training_gaps, name="training_gaps"),
    path("staff/training/<int:course_id>/", views_training.course_detail, name="course"),
    path("staff/training/<int:course_id>/certificate/", views_training.certificate, name="certificate"),
    path(
        "staff/training/<int:course_id>/attendees/<int:row_id>/remove/",
        views_training.attendance_remove,
        name="attendance_remove",
    ),
    path("staff/evaluations/", views_evaluation.evaluation_overview, name="evaluations"),
    path(
        "staff/evaluations/<int:year>/<int:official_id>/",
        views_evaluation.evaluation_detail,
        name="evaluation",
    ),
    path(
        "staff/evaluations/<int:year>/<int:official_id>/actions/<str:action>/",
        views_evaluation.evaluation_action,
        name="evaluation_action",
    ),
    path(
        "staff/evaluations/<int:year>/<int:official_id>/evidence/<str:kind>/",
        views_evaluation.evidence,
        name="evidence",
    ),
]
