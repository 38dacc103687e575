"""The inspection pages, under /staff/inspections/ (namespace ``inspections``)."""

from django.urls import path

from reformdesk.inspections import views, views_plans

app_name = "inspections"

urlpatterns = [
    path("staff/inspections/", views.inspection_list, name="list"),
    path("staff/inspections/plans/", views.plan_list, name="plans"),
    path("staff/inspections/plans/<int:plan_id>/entries/", views_plans.plan_entry_add, name="plan_entry_add"),
    path(
        "staff/inspections/plans/entries/<int:entry_id>/", views_plans.plan_entry_edit, name="plan_entry_edit"
    ),
    path("staff/inspections/new/", views.inspection_new, name="new"),
    path("staff/inspections/<int:inspection_id>/", views.inspection_run, name="run"),
    path("staff/inspections/<int:inspection_id>/answers/<int:answer_id>/", views.answer_save, name="answer"),
    path(
        "staff/inspections/<int:inspection_id>/presence/<int:check_id>/",
        views.presence_confirm,
        name="presence",
    ),
    path("staff/inspections/<int:inspection_id>/presence/rest/", views.presence_rest, name="presence_rest"),
    path("staff/inspections/<int:inspection_id>/photos/", views.photo_add, name="photo_add"),
    path("staff/inspections/<int:inspection_id>/photos/<int:photo_id>/", views.photo_file, name="photo"),
    path("staff/inspections/<int:inspection_id>/findings/", views.finding_add, name="finding_add"),
    path("staff/inspections/<int:inspection_id>/record.pdf", views.record_pdf_view, name="record_pdf"),
    path(
        "staff/inspections/<int:inspection_id>/actions/<str:action>/", views.inspection_action, name="action"
    ),
    path(
        "staff/inspections/findings/<int:finding_id>/<str:action>/",
        views.finding_action,
        name="finding_action",
    ),
]
