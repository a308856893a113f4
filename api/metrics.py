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

import ipaddress
import os
import re
import time

from django.conf import settings
from django.http import Http404, HttpResponse
from prometheus_client import REGISTRY, CollectorRegistry, Counter, Histogram, multiprocess
from prometheus_client.exposition import choose_encoder

from api.addresses import client_address

REQUESTS = Counter("authapi_requests", "Requests answered.", ["method", "route", "status"])
DURATION = Histogram(
    "authapi_request_duration_seconds",
    "Time from receiving a request to handing over its answer.",
    ["route"],
    # From a cached health check to an Argon2 login on a busy worker.
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
AUTH_EVENTS = Counter("authapi_auth_events", "Security events, as in the audit trail.", ["event"])
LIMIT_REFUSALS = Counter("authapi_limit_refusals", "Requests refused by a brute-force limit.", ["limit"])

UNMATCHED = "unmatched"  # the route of every path that names no endpoint
STATIC = "static"  # the route of Swagger UI's files, served by WhiteNoise
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
OTHER_METHOD = "other"
URL_PARAMETER = re.compile(r"<(?:\w+:)?(\w+)>")


def count_auth_event(event: str, *, amount: int = 1) -> None:
    AUTH_EVENTS.labels(event).inc(amount)


def count_limit_refusal(limit: str) -> None:
    LIMIT_REFUSALS.labels(limit).inc()


class MetricsMiddleware:
    """Count each request and time it, by method, route and status.

    The labelled children are kept per label set, so a request costs two dictionary
    look-ups and two increments once each combination has been seen.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self._counters = {}
        self._timers = {}

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        elapsed = time.perf_counter() - started
        route = route_of(request)
        method = request.method if request.method in METHODS else OTHER_METHOD
        key = (method, route, response.status_code)
        counter = self._counters.get(key)
        if counter is None:
            counter = self._counters[key] = REQUESTS.labels(method, route, str(response.status_code))
        counter.inc()
        timer = self._timers.get(route)
        if timer is None:
            timer = self._timers[route] = DURATION.labels(route)
        timer.observe(elapsed)
        return response


def route_of(request) -> str:
    """The OpenAPI path template of the endpoint that answered: `/admin/users/{user_id}/roles`."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        return STATIC if request.path.startswith("/" + settings.STATIC_URL.lstrip("/")) else UNMATCHED
    return _template(match.route)


_templates: dict[str, str] = {}


def _template(route: str) -> str:
    # drf-spectacular writes `<int:user_id>` as `{user_id}`; this is the same rewrite.
    template = _templates.get(route)
    if template is None:
        template = _templates[route] = "/" + URL_PARAMETER.sub(r"{\1}", route)
    return template


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
    return registry


def _allowed(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    if ip.version == 6 and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return any(ip in network for network in settings.METRICS_ALLOWED_ADDRESSES)
