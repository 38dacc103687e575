"""The feedback desk's staff pages, under /staff/feedback/, and its public pages (namespace
``feedback``)."""

from django.urls import path, re_path

from reformdesk.feedback import open311, public_views, views, views_dashboard, views_settings

app_name = "feedback"

urlpatterns = [
    path("phan-anh/", public_views.feedback_submit, name="public_submit"),
    path("phan-anh/da-gui/", public_views.feedback_submitted, name="public_submitted"),
    path("phan-anh/tra-loi/", public_views.published_answers, name="published"),
    path("tra-cuu-phan-anh/", public_views.feedback_lookup, name="public_lookup"),
    path("tra-cuu-phan-anh/danh-gia/", public_views.feedback_rate_public, name="public_rate"),
    re_path(r"^open311/v2/requests\.(?P<fmt>[a-z]+)$", open311.requests, name="open311_requests"),
    re_path(
        r"^open311/v2/requests/(?P<service_request_id>[^/]+)\.(?P<fmt>[a-z]+)$",
        open311.request_detail,
        name="open311_request",
    ),
    path("staff/feedback/", views.FeedbackWorklistView.as_view(), name="worklist"),
    path("staff/feedback/new/", views.feedback_new, name="new"),
    path("staff/statistics/feedback/", views_dashboard.dashboard_page, name="dashboard"),
    path("staff/statistics/feedback.xlsx", views_dashboard.dashboard_xlsx, name="dashboard_xlsx"),
    path("staff/feedback/settings/routes/", views_settings.route_list, name="routes"),
    path("staff/feedback/settings/answers/", views_settings.template_list, name="templates"),
    path("staff/feedback/<str:code>/", views.feedback_detail, name="detail"),
    path("staff/feedback/<str:code>/actions/<str:action>/", views.feedback_action, name="action"),
    path("staff/feedback/<str:code>/files/<int:file_id>/", views.feedback_file, name="file"),
]
