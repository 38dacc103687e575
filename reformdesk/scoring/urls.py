"""The index pages, under /staff/indices/ (namespace ``scoring``)."""

from django.urls import path

from reformdesk.scoring import views

app_name = "scoring"

urlpatterns = [
    path("staff/indices/766/", views.index766, name="index766"),
    path("staff/indices/766/entries/new/", views.entry_new, name="entry_new"),
    path("staff/indices/766/entries/<int:entry_id>/evidence/", views.entry_evidence, name="entry_evidence"),
]
