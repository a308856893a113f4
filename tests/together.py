"""Run one function from several threads at the same moment, as simultaneous requests would."""

import threading
from concurrent.futures import ThreadPoolExecutor

from django.db import connection


def at_once(function, times: int) -> list:
    """Call `function` from `times` threads released together; what each returned or raised.

    Each thread has a database connection of its own, closed when it is done.
    """
    start = threading.Barrier(times)

    def call():
        start.wait()
        try:
            return function()
        except Exception as exc:  # the caller judges every outcome, failures included
            return exc
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=times) as pool:
        return [future.result() for future in [pool.submit(call) for _ in range(times)]]
