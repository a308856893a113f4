"""Project-wide request middleware."""


class OptionalTrailingSlashMiddleware:
    """Route `/signup/` exactly like `/signup`, without a redirect.

    A redirect would turn a client's POST into a GET on most HTTP libraries, so the
    slash is dropped before URL resolution instead. Routes are declared without it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if len(request.path_info) > 1 and request.path_info.endswith("/"):
            request.path_info = request.path_info.rstrip("/") or "/"
        return self.get_response(request)


class PrivateAnswersMiddleware:
    """Keep API answers out of shared caches.

    Answers carry tokens and personal data and depend on the Authorization header;
    `no-store` keeps them out of proxies and browser caches (RFC 6749 §5.1 asks it
    of token answers; the rest is defence in depth). Static files are served by
    WhiteNoise before this middleware and keep their own caching headers.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Cache-Control", "no-store")
        response.setdefault("Vary", "Authorization")
        return response
