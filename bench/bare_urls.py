"""One plain Django view doing what `GET /health` does, without DRF or middleware."""

from django.db import connection
from django.http import JsonResponse
from django.urls import path


def bare_health(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return JsonResponse({"status": "ok"})


urlpatterns = [path("health", bare_health)]
