from django.http import HttpRequest, HttpResponse
from django.urls import path

BODY = "ReformDesk bench baseline: ok\n"


def hello(request: HttpRequest) -> HttpResponse:
    return HttpResponse(BODY, content_type="text/plain; charset=utf-8")


urlpatterns = [path("", hello)]
