"""The API's HTTP contract: the error envelope, protocol errors, parsing, middleware, logs and health.

Nothing here knows about members; `accounts` builds on it, never the reverse.
"""
