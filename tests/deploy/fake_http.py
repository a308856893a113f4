"""A tiny HTTP server in a thread that answers what a test tells it to: the stand-in for
gunicorn (behind /health) and for the EC2 instance metadata service."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class FakeHttp:
    def __init__(self, answer):
        """answer(method, path, headers) -> (status, body, extra headers)."""
        self.answer = answer
        self.requests: list[tuple[str, str, dict]] = []
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def _respond(self):
                owner.requests.append((self.command, self.path, dict(self.headers)))
                status, body, headers = owner.answer(self.command, self.path, self.headers)
                data = body.encode()
                self.send_response(status)
                for name, value in {**headers, "Content-Length": str(len(data))}.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_PUT = _respond

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
