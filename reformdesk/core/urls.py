from django.urls import path

from reformdesk.core.views import account, audit, auth, health, pages, password

app_name = "core"

urlpatterns = [
    path("staff/", pages.staff_home, name="staff_home"),
    path("login/", auth.LoginView.as_view(), name="login"),
    path("login/two-factor/", auth.TwoFactorVerifyView.as_view(), name="two_factor_verify"),
    path("logout/", auth.LogoutView.as_view(), name="logout"),
    path("password-reset/", password.PasswordResetView.as_view(), name="password_reset"),
    path("password-reset/sent/", password.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "password-reset/<uidb64>/<token>/",
        password.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/complete/",
        password.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("account/", account.account, name="account"),
    path("account/password/", account.PasswordChangeView.as_view(), name="password_change"),
    path("account/two-factor/", account.two_factor_enrol, name="two_factor_enrol"),
    path("account/two-factor/disable/", account.two_factor_disable, name="two_factor_disable"),
    path("account/tokens/", account.token_list, name="token_list"),
    path("account/tokens/<int:pk>/revoke/", account.token_revoke, name="token_revoke"),
    path("staff/audit/", audit.AuditEventListView.as_view(), name="audit_list"),
    path("staff/audit/access/", audit.AccessLogListView.as_view(), name="access_log_list"),
]

health_urlpatterns = [path("healthz", health.healthz, name="healthz")]
