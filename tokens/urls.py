from django.urls import path

from tokens import views

urlpatterns = [
    path(".well-known/jwks.json", views.SigningKeysView.as_view(), name="jwks"),
]
