from django.urls import path

from mfa import views

urlpatterns = [
    path("login/mfa", views.LoginMfaView.as_view(), name="login-mfa"),
    path("me/mfa/totp", views.TotpView.as_view(), name="totp"),
    path("me/mfa/totp/confirm", views.TotpConfirmView.as_view(), name="totp-confirm"),
    path("me/mfa/recovery-codes", views.RecoveryCodesView.as_view(), name="recovery-codes"),
]
