"""Prometheus metrics: what is counted, the middleware that counts requests, and GET /metrics.

prometheus-client does the counting and the text format. Under gunicorn it runs
in its multiprocess mode (gunicorn.conf.py sets PROMETHEUS_MULTIPROC_DIR): each
worker writes its counts to its own file there, and a scrape answered by any
worker sums them all. Without the variable (tests, `manage.py`), counts stay in
the process.

Labels take few values, so the number of series stays bounded: a route is the
path template as the OpenAPI document writes it, never the raw path, and an
unknown method or path falls under one fixed value.
"""

import os
import re
import time
from collections.abc import Iterable

from django.conf import settings
from django.http import Http404, HttpResponse
from prometheus_client import REGISTRY, CollectorRegistry, Counter, Histogram, multiprocess
from prometheus_client.exposition import choose_encoder

from api.addresses import client_address, in_networks, parse_ip

REQUESTS = Counter("authapi_requests", "Requests answered.", ["method", "route", "status"])
DURATION = Histogram(
    "authapi_request_duration_seconds",
    "Time from receiving a request to handing over its answer.",
    ["route"],
    # From a cached health check to an Argon2 login on a busy worker.
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
AUTH_EVENTS = Counter("authapi_auth_events", "Security events, as in the audit trail.", ["event"])
LIMIT_REFUSALS = Counter(
    "authapi_limit_refusals", "Requests refused by a guessing limit.", ["limit"]
)

UNMATCHED = "unmatched"  # the route of every path that names no endpoint
STATIC = "static"  # the route of Swagger UI's files, served by WhiteNoise
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
OTHER_METHOD = "other"
URL_PARAMETER = re.compile(r"<(?:\w+:)?(\w+)>")


# Every series listed at zero, so that each new worker can write them again.
_LISTED: list = []


def list_at_zero(counter: Counter, values: Iterable[str]) -> None:
    """Show a series for each label value from start-up, before its first event.

    An alert or a dashboard over a labelled counter sees no series at all until the
    series exists, so a rate over the first events would be lost.
    """
    for value in values:
        child = counter.labels(value)
        child.inc(0)
        _LISTED.append(child)


def start_worker() -> None:
    """In a new gunicorn worker: write its metrics file now, with every listed series in it.

    Each process writes its own file from its first count, and gunicorn removes the
    master's on starting; until then a scrape would find none of the listed series.
    """
    for child in _LISTED:
        child.inc(0)


# Collectors the apps built on this layer register (recovery's outbox), read at each scrape.
COLLECTORS = []


def register_collector(collector) -> None:
    if any(type(known) is type(collector) for known in COLLECTORS):
        return  # an app made ready twice (django.setup() again) registers once
    COLLECTORS.append(collector)
    REGISTRY.register(collector)


def count_auth_event(event: str, *, amount: int = 1) -> None:
    AUTH_EVENTS.labels(event).inc(amount)


def count_limit_refusal(limit: str) -> None:
    LIMIT_REFUSALS.labels(limit).inc()


class MetricsMiddleware:
    """Count each request and time it, by method, route and status.

    The labelled children are kept per label set, so once a combination has been
    seen a request costs one dictionary look-up and two increments.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self._children = {}

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        elapsed = time.perf_counter() - started
        match = getattr(request, "resolver_match", None)
        route = match.route if match is not None else _unmatched_route(request)
        method = request.method if request.method in METHODS else OTHER_METHOD
        key = (method, route, response.status_code)
        children = self._children.get(key)
        if children is None:
            label = _template(route) if match is not None else route
            counter = REQUESTS.labels(method, label, str(response.status_code))
            children = self._children[key] = (counter, DURATION.labels(label))
        children[0].inc()
        children[1].observe(elapsed)
        return response


def _unmatched_route(request) -> str:
    return STATIC if request.path.startswith("/" + settings.STATIC_URL.lstrip("/")) else UNMATCHED


def _template(route: str) -> str:
    """The OpenAPI path of a Django route: drf-spectacular writes `<int:user_id>` as `{user_id}`."""
    return "/" + URL_PARAMETER.sub(r"{\1}", route)


def metrics_view(request):
    """The Prometheus text format, to allowed addresses only; a 404 to anyone else.

    A plain Django view, so it stays out of the OpenAPI document. Http404 is
    answered by the same handler as an unknown path, so an outsider cannot tell.
    """
    if not _allowed(client_address(request)) or request.method not in ("GET", "HEAD"):
        raise Http404()
    encoder, content_type = choose_encoder(request.headers.get("Accept"))
    return HttpResponse(encoder(_registry()), content_type=content_type)


def _registry():
    if "PROMETHEUS_MULTIPROC_DIR" not in os.environ:
        return REGISTRY
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)
    for collector in COLLECTORS:
        registry.register(collector)
    return registry


def _allowed(address: str) -> bool:
    return in_networks(parse_ip(address), settings.METRICS_ALLOWED_ADDRESSES)
