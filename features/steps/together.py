"""Requests sent at the same moment, each on a connection of its own, as a script sends them."""

import threading
from concurrent.futures import ThreadPoolExecutor


def sent_together(api_factory, count: int, request) -> list:
    """The responses to `request(client)` on `count` clients, all released at once."""
    clients = [api_factory() for _ in range(count)]
    start = threading.Barrier(count)

    def send(client):
        start.wait()
        return request(client)

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(send, clients))
