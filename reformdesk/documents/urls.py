"""The register pages, under /staff/documents/ (namespace ``documents``)."""

from django.urls import path

from reformdesk.documents import views

app_name = "documents"

urlpatterns = [
    path("staff/documents/incoming/", views.IncomingRegisterView.as_view(), name="incoming"),
    path("staff/documents/incoming/new/", views.incoming_new, name="incoming_new"),
    path("staff/documents/incoming/<int:pk>/", views.incoming_detail, name="incoming_detail"),
    path("staff/documents/incoming/<int:pk>/handler/", views.incoming_assign, name="incoming_assign"),
    path("staff/documents/incoming/<int:pk>/scan/", views.incoming_scan, name="incoming_scan"),
    path("staff/documents/outgoing/", views.OutgoingRegisterView.as_view(), name="outgoing"),
    path("staff/documents/<str:register>/export.xlsx", views.register_export, name="export"),
    path("staff/documents/<str:register>/register.pdf", views.register_print, name="print"),
    path("staff/documents/outgoing/new/", views.outgoing_new, name="outgoing_new"),
    path("staff/documents/outgoing/<int:pk>/", views.outgoing_detail, name="outgoing_detail"),
    path("staff/documents/outgoing/<int:pk>/cancel/", views.outgoing_cancel, name="outgoing_cancel"),
    path("staff/documents/outgoing/<int:pk>/pdf/", views.outgoing_pdf, name="outgoing_pdf"),
]
