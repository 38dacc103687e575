from django.urls import path

from reformdesk.core.views import auth, health, pages

app_name = "core"

urlpatterns = [
    path("", pages.home, name="home"),
    path("staff/", pages.staff_home, name="staff_home"),
    path("login/", auth.LoginView.as_view(), name="login"),
    path("logout/", auth.LogoutView.as_view(), name="logout"),
]

health_urlpatterns = [path("healthz", health.healthz, name="healthz")]
