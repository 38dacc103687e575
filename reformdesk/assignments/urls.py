"""The task pages, under /staff/tasks/ (namespace ``assignments``)."""

from django.urls import path

from reformdesk.assignments import views

app_name = "assignments"

urlpatterns = [
    path("staff/tasks/", views.task_mine, name="mine"),
    path("staff/tasks/assigned/", views.task_assigned, name="assigned"),
    path("staff/tasks/new/", views.task_new, name="new"),
    path("staff/tasks/calendar/", views.task_calendar, name="calendar"),
    path("staff/tasks/board/", views.task_board, name="board"),
    path("staff/tasks/<int:task_id>/", views.task_detail, name="detail"),
    path("staff/tasks/<int:task_id>/actions/<str:action>/", views.task_action, name="action"),
    path("staff/tasks/<int:task_id>/files/<int:file_id>/", views.task_file, name="file"),
]
