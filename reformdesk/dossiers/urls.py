"""The one-stop desk's staff pages."""

app_name = "dossiers"

urlpatterns: list = []
