"""The leader's dashboard and its Excel export, for ``dossiers/urls.py`` (namespace ``dossiers``).

Outside ``staff/dossiers/`` so that no dossier code pattern there can shadow them.
"""

from django.urls import path

from reformdesk.dossiers.views import dashboard

urlpatterns = [
    path("staff/statistics/dossiers/", dashboard.dashboard_page, name="dashboard"),
    path("staff/statistics/dossiers.xlsx", dashboard.dashboard_xlsx, name="dashboard_xlsx"),
]
