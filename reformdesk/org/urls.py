from django.urls import path

from reformdesk.org.views import staff

app_name = "org"

urlpatterns = [
    path("staff/officials/", staff.OfficialListView.as_view(), name="official_list"),
    path("staff/officials/<str:employee_code>/", staff.official_card, name="official_card"),
    path("staff/officials/<str:employee_code>/photo/", staff.official_photo, name="official_photo"),
    path("staff/unit/switch/", staff.switch_unit, name="switch_unit"),
]
