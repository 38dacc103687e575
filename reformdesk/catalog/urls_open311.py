"""Open311 GeoReport v2 service discovery (catalog/open311.py): no trailing slash, a format suffix."""

from django.urls import re_path

from reformdesk.catalog import open311

app_name = "catalog"

urlpatterns = [
    re_path(r"^open311/v2/services\.(?P<fmt>[a-z]+)$", open311.services, name="open311_services"),
    re_path(
        r"^open311/v2/services/(?P<service_code>[^/]+)\.(?P<fmt>[a-z]+)$",
        open311.service,
        name="open311_service",
    ),
]
