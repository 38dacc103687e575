"""The home page: a procedure search box, the most used procedures and the public services."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from reformdesk.catalog import selectors
from reformdesk.portal.forms import QUERY_MAX_LENGTH

POPULAR_COUNT = 8


def home(request: HttpRequest) -> HttpResponse:
    # The service links come from the public menu (``nav_public``): an app adds its public page
    # there once it exists, so the home page never links to a service that is not there yet.
    context = {
        "popular": selectors.procedure_popular(limit=POPULAR_COUNT),
        "query_max_length": QUERY_MAX_LENGTH,
    }
    return render(request, "portal/home.html", context)
