"""Password reset by email, on Django's views with our templates and forms.

The request page answers the same whether or not the address belongs to an account, and each
client IP may ask only a few times an hour.
"""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.http import HttpResponse
from django.urls import reverse_lazy
from django.utils.translation import gettext as _

from reformdesk.core.forms import PasswordResetForm, SetPasswordForm
from reformdesk.core.middleware import client_ip
from reformdesk.core.services import auth as auth_services


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "core/password_reset_form.html"
    form_class = PasswordResetForm
    email_template_name = "core/email/password_reset_email.txt"
    subject_template_name = "core/email/password_reset_subject.txt"
    success_url = reverse_lazy("core:password_reset_done")

    def form_valid(self, form: PasswordResetForm) -> HttpResponse:
        if not auth_services.password_reset_allowed(ip=client_ip(self.request)):
            form.add_error(None, _("Bạn đã gửi quá nhiều yêu cầu đặt lại mật khẩu. Vui lòng thử lại sau."))
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "core/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "core/password_reset_confirm.html"
    form_class = SetPasswordForm
    success_url = reverse_lazy("core:password_reset_complete")

    def form_valid(self, form: SetPasswordForm) -> HttpResponse:
        response = super().form_valid(form)
        auth_services.password_changed_record(user=form.user, reset=True)
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "core/password_reset_complete.html"
