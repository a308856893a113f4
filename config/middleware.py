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
