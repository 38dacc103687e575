"""Staff downloads of the tracking book (namespace ``dossiers``): PDF and Excel for a unit and a month."""

from django.urls import path

from reformdesk.dossiers.printing import views

app_name = "dossiers"

urlpatterns = [
    path("staff/dossiers/tracking-book.pdf", views.book_pdf, name="tracking_book_pdf"),
    path("staff/dossiers/tracking-book.xlsx", views.book_xlsx, name="tracking_book_xlsx"),
]
