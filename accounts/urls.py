from django.urls import path

from accounts import views

urlpatterns = [
    path("signup", views.SignupView.as_view(), name="signup"),
    path("login", views.LoginView.as_view(), name="login"),
    path("token/refresh", views.TokenRefreshView.as_view(), name="token-refresh"),
    path("logout", views.LogoutView.as_view(), name="logout"),
    path("logout/all", views.LogoutAllView.as_view(), name="logout-all"),
    path("me", views.MeView.as_view(), name="me"),
    path("me/sessions", views.MySessionsView.as_view(), name="my-sessions"),
    path("me/sessions/<str:id>", views.MySessionView.as_view(), name="my-session"),
    path("me/password", views.PasswordChangeView.as_view(), name="password-change"),
    path("admin/users/<int:id>/roles", views.UserRolesView.as_view(), name="user-roles"),
    path("admin/users/<int:id>/sessions", views.UserSessionsView.as_view(), name="user-sessions"),
]
