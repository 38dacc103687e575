from django.urls import path

from reformdesk.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("units/", views.UnitDirectoryView.as_view(), name="unit_directory"),
    path("units/<str:code>/", views.unit_detail, name="unit_detail"),
    path("hotline/", views.hotline, name="hotline"),
]
