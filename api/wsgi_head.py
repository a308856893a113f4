"""WSGI middleware that answers HEAD without a body."""


class HeadWithoutBodyMiddleware:
    """Send no body for HEAD, whoever built the response (a view, WhiteNoise, an error page).

    Django answers HEAD with the GET's status, headers and body, and leaves dropping
    the body to the server. Gunicorn drops it, but logs a WARNING for every such
    request, and a load balancer checking health with HEAD would fill the log.
    The headers, Content-Length included, stay those of the GET (RFC 9110 §9.3.2).
    """

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        result = self.app(environ, start_response)
        if environ.get("REQUEST_METHOD") != "HEAD":
            return result
        # Closing the unread body ends the request as the server would (request_finished).
        close = getattr(result, "close", None)
        if close is not None:
            close()
        return []
