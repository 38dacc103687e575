"""Pages of the surveys app: the citizen's rating pages, the counter tablet, the results."""

from django.urls import path

from reformdesk.surveys import views, views_questionnaires

app_name = "surveys"

urlpatterns = [
    path("danh-gia/t/<str:token>/", views.rate_token, name="rate_token"),
    path("danh-gia/<str:code>/", views.rate_receipt, name="rate_receipt"),
    path("staff/danh-gia/quay/", views.counter, name="counter"),
    path("staff/danh-gia/quay/<str:code>/", views.counter_rate, name="counter_rate"),
    path("staff/danh-gia/ket-qua/", views.results, name="results"),
    path("staff/khao-sat/", views_questionnaires.questionnaire_list, name="questionnaires"),
    path("staff/khao-sat-moi/", views_questionnaires.questionnaire_create, name="questionnaire_create"),
    path("staff/khao-sat/<slug:slug>/", views_questionnaires.questionnaire_edit, name="questionnaire_edit"),
    path(
        "staff/khao-sat/<slug:slug>/cau-hoi/<slug:key>/",
        views_questionnaires.question_edit,
        name="question_edit",
    ),
    path(
        "staff/khao-sat/<slug:slug>/ket-qua/",
        views_questionnaires.questionnaire_results,
        name="questionnaire_results",
    ),
    path(
        "staff/khao-sat/<slug:slug>/ket-qua/can-bo/",
        views_questionnaires.official_results,
        name="official_results",
    ),
    path(
        "staff/khao-sat/<slug:slug>/ket-qua.xlsx",
        views_questionnaires.questionnaire_export,
        name="questionnaire_export",
    ),
    path("khao-sat/<slug:slug>/<str:unit_code>/", views_questionnaires.answer, name="answer"),
    path("ket-qua-khao-sat/<str:unit_code>/", views_questionnaires.public_summary, name="public_summary"),
    path("staff/khao-sat/<slug:slug>/quay/<str:unit_code>/", views_questionnaires.kiosk, name="kiosk"),
    path(
        "staff/khao-sat/<slug:slug>/phieu-giay/<str:unit_code>/",
        views_questionnaires.paper_entry,
        name="paper_entry",
    ),
    path(
        "staff/khao-sat/<slug:slug>/ap-phich/<str:unit_code>/",
        views_questionnaires.poster,
        name="poster",
    ),
]
