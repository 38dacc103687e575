from django.urls import path

from reformdesk.worktime import views

app_name = "worktime"

urlpatterns = [
    path("staff/worktime/", views.calendar_page, name="calendar"),
]
