"""Pages of the notifications app."""

from django.urls import path

from reformdesk.notifications import views

app_name = "notifications"

urlpatterns = [
    path("staff/notifications/outbox/", views.OutboxView.as_view(), name="outbox"),
    path("staff/notifications/outbox/<int:pk>/retry/", views.retry, name="retry"),
]
