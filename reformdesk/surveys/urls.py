"""Pages of the surveys app: the citizen's rating pages, the counter tablet, the results."""

from django.urls import path

from reformdesk.surveys import views

app_name = "surveys"

urlpatterns = [
    path("danh-gia/t/<str:token>/", views.rate_token, name="rate_token"),
    path("danh-gia/<str:code>/", views.rate_receipt, name="rate_receipt"),
    path("staff/danh-gia/quay/", views.counter, name="counter"),
    path("staff/danh-gia/quay/<str:code>/", views.counter_rate, name="counter_rate"),
    path("staff/danh-gia/ket-qua/", views.results, name="results"),
]
