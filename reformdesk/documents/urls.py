"""The register pages, under /staff/documents/ (namespace ``documents``)."""

from django.urls import path

from reformdesk.documents import views, views_regulations

app_name = "documents"

views_regulations_urls = [
    path("staff/regulations/", views_regulations.regulation_list, name="regulations"),
    path("staff/regulations/new/", views_regulations.regulation_new, name="regulation_new"),
    path("staff/regulations/<int:pk>/", views_regulations.regulation_detail, name="regulation_detail"),
    path(
        "staff/regulations/<int:pk>/publish/", views_regulations.regulation_publish, name="regulation_publish"
    ),
    path(
        "staff/regulations/<int:pk>/acknowledge/",
        views_regulations.regulation_acknowledge,
        name="regulation_acknowledge",
    ),
    path("staff/regulations/<int:pk>/pdf/", views_regulations.regulation_pdf, name="regulation_pdf"),
    path("regulations/<int:pk>/", views_regulations.public_regulation, name="public_regulation"),
    path("regulations/<int:pk>/pdf/", views_regulations.public_regulation_pdf, name="public_regulation_pdf"),
    path("staff/commitments/", views_regulations.commitments_home, name="commitments"),
    path(
        "staff/commitments/templates/new/",
        views_regulations.commitment_template_new,
        name="commitment_template_new",
    ),
    path(
        "staff/commitments/templates/<int:pk>/sign/",
        views_regulations.commitment_sign,
        name="commitment_sign",
    ),
    path("staff/commitments/status/", views_regulations.commitment_status, name="commitment_status"),
    path("staff/commitments/<int:pk>/", views_regulations.commitment_detail, name="commitment_detail"),
    path("staff/commitments/<int:pk>/breach/", views_regulations.commitment_breach, name="commitment_breach"),
    path("staff/commitments/<int:pk>/pdf/", views_regulations.commitment_pdf, name="commitment_pdf"),
]

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
    *views_regulations_urls,
]
