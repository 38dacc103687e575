"""The attendance staff pages and the devices' receiver (/iclock/…)."""

app_name = "attendance"

urlpatterns: list = []
