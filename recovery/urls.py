from django.urls import path

from recovery import views

# Before accounts' routes in config/urls.py: the sign-up extends accounts' own.
urlpatterns = [
    path("signup", views.SignupView.as_view(), name="signup"),
    path("me/email", views.EmailChangeView.as_view(), name="email-change"),
    path("email/verify", views.EmailVerifyView.as_view(), name="email-verify"),
    path("password/forgot", views.PasswordForgotView.as_view(), name="password-forgot"),
    path("password/reset", views.PasswordResetView.as_view(), name="password-reset"),
]
