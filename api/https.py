"""Plain HTTP behind SECURE_SSL_REDIRECT: API requests are refused, browser pages redirected.

A redirect protects nothing for an API client: the password or token it sent has
already crossed the network in the clear, and most HTTP libraries follow the
redirect silently (turning a POST into a GET on the way), so the mistake is never
noticed. Refusing with HTTPS_REQUIRED makes a misconfigured client fail on its first
request (OWASP ASVS 5.0 V4.1.2). A person typing the address of the Swagger page
into a browser is still sent to HTTPS, and SECURE_REDIRECT_EXEMPT (the load
balancer's /health) still answers over plain HTTP.
"""

import re

from django.conf import settings
from django.http import HttpResponsePermanentRedirect

from api.envelope import error_response
from api.exceptions import HttpsRequired
from api.middleware import LanguageMiddleware

# Pages meant for a browser, and the assets they load: these are redirected.
# Matched, like SECURE_REDIRECT_EXEMPT, without the leading slash.
BROWSER_PAGES = [re.compile(r"^swagger/?$"), re.compile(r"^static/")]


class PlainHttpRefusalMiddleware:
    """Answer HTTPS_REQUIRED to a plain-HTTP API request while SECURE_SSL_REDIRECT is on.

    It redirects the browser pages itself, as SecurityMiddleware would, so that
    SecurityMiddleware is left nothing to redirect. Settings are read on each request
    (SecurityMiddleware reads them once), so `override_settings` applies at once.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        # The refusal speaks the client's language, like every other error.
        self.refuse = LanguageMiddleware(lambda request: error_response(HttpsRequired()))

    def __call__(self, request):
        if not settings.SECURE_SSL_REDIRECT or request.is_secure():
            return self.get_response(request)
        path = request.path_info.lstrip("/")
        if any(re.search(pattern, path) for pattern in settings.SECURE_REDIRECT_EXEMPT):
            return self.get_response(request)
        if any(pattern.search(path) for pattern in BROWSER_PAGES):
            host = settings.SECURE_SSL_HOST or request.get_host()
            return HttpResponsePermanentRedirect(f"https://{host}{request.get_full_path()}")
        return self.refuse(request)
