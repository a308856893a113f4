from pytest_bdd import parsers, scenarios, then, when

scenarios("metrics.feature")

# The service's own machine, and an address from the documentation range (RFC 5737).
ADDRESSES = {"on the service's own machine": "127.0.0.1", "elsewhere": "203.0.113.9"}
COUNTS = ("authapi_requests_total", "authapi_request_duration_seconds", "authapi_auth_events_total")


## When


@when(parsers.parse("an operator {where} reads the metrics"), target_fixture="response")
@when(parsers.parse("a client {where} asks for the metrics"), target_fixture="response")
def asks_for_metrics(api, where):
    """The metrics page is requested from that address."""
    return api.call("GET", "/metrics", address=ADDRESSES[where])


## Then


@then("they receive the counts of requests and security events")
def receives_counts(response):
    """The response is Prometheus's text format, with the service's own counts."""
    assert response.status == 200, response.raw
    assert response.content_type == "text/plain"
    text = response.raw.decode()
    for name in COUNTS:
        assert f"# TYPE {name.removesuffix('_total')}" in text, name
