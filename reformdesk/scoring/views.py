from django.http import HttpRequest, HttpResponse


def index766(request: HttpRequest) -> HttpResponse:
    return HttpResponse("")
