"""The index pages, under /staff/indices/ (namespace ``scoring``)."""

from django.urls import path

from reformdesk.scoring import views

app_name = "scoring"

urlpatterns = [
    path("staff/indices/766/", views.index766, name="index766"),
]
