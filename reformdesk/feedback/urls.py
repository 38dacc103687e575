"""The feedback desk's staff pages, under /staff/feedback/ (namespace ``feedback``)."""

from django.urls import path

from reformdesk.feedback import views

app_name = "feedback"

urlpatterns = [
    path("staff/feedback/", views.FeedbackWorklistView.as_view(), name="worklist"),
    path("staff/feedback/new/", views.feedback_new, name="new"),
    path("staff/feedback/<str:code>/", views.feedback_detail, name="detail"),
    path("staff/feedback/<str:code>/actions/<str:action>/", views.feedback_action, name="action"),
    path("staff/feedback/<str:code>/files/<int:file_id>/", views.feedback_file, name="file"),
]
