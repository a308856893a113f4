from django.urls import path

from accounts.views import LoginView, MeView, SignupView

urlpatterns = [
    path("signup", SignupView.as_view(), name="signup"),
    path("login", LoginView.as_view(), name="login"),
    path("me", MeView.as_view(), name="me"),
]
