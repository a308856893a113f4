"""Stands in for the EC2 instance metadata service (IMDSv2) on 169.254.169.254:80.

Answers a token to PUT /latest/api/token, and to GET /latest/meta-data/ITEM with that token
the few items the user data and deploy/allowed_hosts.py ask for; 401 without the token.
"""

import secrets
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

TOKEN = secrets.token_hex(16)
ITEMS = {
    "local-ipv4": "10.0.1.23",
    "public-ipv4": "203.0.113.7",
    "local-hostname": "ip-10-0-1-23.eu-west-1.compute.internal",
    "public-hostname": "ec2-203-0-113-7.eu-west-1.compute.amazonaws.com",
    "placement/region": "eu-west-1",
}


class Handler(BaseHTTPRequestHandler):
    def do_PUT(self):
        if self.path == "/latest/api/token" and self.headers.get(
            "X-aws-ec2-metadata-token-ttl-seconds"
        ):
            self.answer(200, TOKEN)
        else:
            self.answer(400, "")

    def do_GET(self):
        item = self.path.removeprefix("/latest/meta-data/")
        if self.headers.get("X-aws-ec2-metadata-token") != TOKEN:
            self.answer(401, "")
        elif item in ITEMS:
            self.answer(200, ITEMS[item])
        else:
            self.answer(404, "")

    def answer(self, status, text):
        body = text.encode()
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


ThreadingHTTPServer(("169.254.169.254", 80), Handler).serve_forever()
