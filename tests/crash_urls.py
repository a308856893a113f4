"""A URLconf with one view that crashes, for tests of what a 500 looks like.

Use it with `override_settings(ROOT_URLCONF="tests.crash_urls", DEBUG=False)`.
"""

from django.urls import path
from rest_framework.permissions import AllowAny
from rest_framework.views import APIView

# Appears in the logged traceback; must never reach the client.
CRASH_DETAIL = "secret detail that must not leak"


class Crash(APIView):
    permission_classes = [AllowAny]
    authentication_classes = []

    def get(self, request):
        raise RuntimeError(CRASH_DETAIL)


urlpatterns = [path("crash", Crash.as_view())]
handler500 = "api.envelope.server_error"
