from pytest_bdd import parsers, scenarios, then, when

scenarios("protocol.feature")

VALID_SIGNUP = b'{"username": "newcomer", "password": "12341234", "nickname": "N"}'
OVER_THE_LIMIT = b'{"username": "' + b"x" * (1024 * 1024) + b'"}'

UNUSUAL_REQUESTS = {
    "asks for a page that does not exist": dict(method="GET", path="/no-such-page"),
    "reads the sign-up form instead of posting it": dict(method="GET", path="/signup"),
    "signs up with form data instead of JSON": dict(
        method="POST",
        path="/signup",
        raw_body=b"username=newcomer&password=12341234&nickname=N",
        content_type="application/x-www-form-urlencoded",
    ),
    "signs up with a body that is not JSON": dict(method="POST", path="/signup", raw_body=b"{not json"),
    "signs up with a JSON list": dict(method="POST", path="/signup", raw_body=b"[" + VALID_SIGNUP + b"]"),
    "signs up with a body over the size limit": dict(method="POST", path="/signup", raw_body=OVER_THE_LIMIT),
    "signs up with JSON nested a thousand levels deep": dict(
        method="POST", path="/signup", raw_body=b"[" * 1000 + b"]" * 1000
    ),
    "signs up declaring a character set other than UTF-8": dict(
        method="POST", path="/signup", raw_body=VALID_SIGNUP, content_type="application/json; charset=latin-1"
    ),
    "signs up with a compressed body": dict(
        method="POST", path="/signup", raw_body=VALID_SIGNUP, headers={"Content-Encoding": "gzip"}
    ),
    "posts to the profile without a token": dict(method="POST", path="/me", raw_body=b"{}"),
}


## When


@when(parsers.parse("a client {request}"), target_fixture="answer")
def client_does(api, request):
    """A client sends a request the API cannot serve."""
    return api.call(**UNUSUAL_REQUESTS[request])


@when("a developer opens the API documentation", target_fixture="answer")
def opens_documentation(api):
    """The OpenAPI document is fetched."""
    return api.get("/openapi.json")


## Then


@then("the service reports it is healthy")
def healthy(answer):
    """The service and every part it depends on answered."""
    assert answer.status == 200
    assert answer.body["status"] == "ok"
    assert answer.body["checks"]["database"] == "ok"
    assert set(answer.body["checks"].values()) == {"ok"}


@then("it lists sign-up, login, profile and health")
def lists_endpoints(answer):
    """Every endpoint of the contract is in the published schema."""
    assert answer.status == 200
    paths = answer.body["paths"]
    assert {"/signup", "/login", "/me", "/health"} <= set(paths)
    assert "bearerAuth" in answer.body["components"]["securitySchemes"]


@then("the interactive Swagger page is served")
def swagger_served(api):
    """Swagger UI answers at /swagger and /swagger/."""
    for path in ("/swagger", "/swagger/"):
        page = api.call("GET", path)
        assert page.status == 200
        assert b"swagger-ui" in page.raw.lower()
