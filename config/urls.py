from django.urls import include, path
from drf_spectacular.renderers import OpenApiJsonRenderer2
from drf_spectacular.views import SpectacularJSONAPIView, SpectacularSwaggerView

from api.health import HealthView
from api.metrics import metrics_view

urlpatterns = [
    # Recovery first: its /signup extends accounts' own with an address to verify.
    path("", include("recovery.urls")),
    path("", include("accounts.urls")),
    path("", include("tokens.urls")),
    path("", include("mfa.urls")),
    path("health", HealthView.as_view(), name="health"),
    path("metrics", metrics_view, name="metrics"),
    path(
        "openapi.json",
        SpectacularJSONAPIView.as_view(renderer_classes=[OpenApiJsonRenderer2]),
        name="openapi",
    ),
    path(
        "swagger",
        SpectacularSwaggerView.as_view(url_name="openapi", http_method_names=["get", "head"]),
        name="swagger",
    ),
]

handler400 = "api.envelope.bad_request"
handler403 = "api.envelope.permission_denied"
handler404 = "api.envelope.page_not_found"
handler500 = "api.envelope.server_error"
