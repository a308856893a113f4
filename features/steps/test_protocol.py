from pytest_bdd import parsers, scenarios, then, when

from features.steps.api_client import OVER_THE_SIZE_LIMIT, REFUSED_BODIES, bearer

scenarios("protocol.feature")

VALID_SIGNUP = b'{"username": "newcomer", "password": "12341234", "nickname": "N"}'

UNUSUAL_REQUESTS = {
    "asks for a page that does not exist": dict(method="GET", path="/no-such-page"),
    "reads the sign-up form instead of posting it": dict(method="GET", path="/signup"),
    "signs up with form data instead of JSON": dict(
        method="POST",
        path="/signup",
        raw_body=b"username=newcomer&password=12341234&nickname=N",
        content_type="application/x-www-form-urlencoded",
    ),
    "signs up with a body that is not JSON": dict(
        method="POST", path="/signup", raw_body=b"{not json"
    ),
    "signs up with a JSON list": dict(
        method="POST", path="/signup", raw_body=b"[" + VALID_SIGNUP + b"]"
    ),
    "signs up with a body over the size limit": dict(
        method="POST", path="/signup", raw_body=OVER_THE_SIZE_LIMIT
    ),
    "signs up with JSON nested a thousand levels deep": dict(
        method="POST", path="/signup", raw_body=b"[" * 1000 + b"]" * 1000
    ),
    "signs up declaring a character set other than UTF-8": dict(
        method="POST",
        path="/signup",
        raw_body=VALID_SIGNUP,
        content_type="application/json; charset=latin-1",
    ),
    "signs up with a compressed body": dict(
        method="POST", path="/signup", raw_body=VALID_SIGNUP, headers={"Content-Encoding": "gzip"}
    ),
    "posts to the profile without a token": dict(method="POST", path="/me", raw_body=b"{}"),
    # Django refuses a malformed Host header whatever ALLOWED_HOSTS says.
    "checks the service's health under a host name that cannot exist": dict(
        method="GET", path="/health", headers={"Host": "not a host name"}
    ),
}

# What a member does that carries a body: the method, the path, and whether it needs their token.
MEMBER_REQUESTS = {
    "logs in": ("POST", "/login", False),
    "refreshes their tokens": ("POST", "/token/refresh", False),
    "logs out": ("POST", "/logout", True),
    "changes their password": ("POST", "/me/password", True),
    "deletes their account": ("DELETE", "/me", True),
}


## When


@when(parsers.parse("a client {request}"), target_fixture="response")
def client_does(api, request):
    """A client sends a request the API cannot serve."""
    return api.call(**UNUSUAL_REQUESTS[request])


@when(
    parsers.re(
        rf"(?P<name>\w+) (?P<action>{'|'.join(MEMBER_REQUESTS)}) sending (?P<body>{'|'.join(REFUSED_BODIES)})"
    ),
    target_fixture="response",
)
def member_sends_body(api, cast, name, action, body):
    """The member makes a request whose body the API refuses before reading it."""
    method, path, with_token = MEMBER_REQUESTS[action]
    authorization = bearer(cast[name].token if with_token else None)
    return api.call(method, path, authorization=authorization, **REFUSED_BODIES[body])


@when("a developer opens the API documentation", target_fixture="response")
def opens_documentation(api):
    """The OpenAPI document is fetched."""
    return api.get("/openapi.json")


@when("a load balancer checks the service's health with a HEAD request", target_fixture="response")
def checks_health_with_head(api):
    """Load balancers often check with HEAD: the status without the body."""
    return api.call("HEAD", "/health")


## Then


@then("the service responds 200 with no body")
def no_body(response):
    """HEAD gets the status and headers of GET, and not one byte of body."""
    assert response.status == 200
    assert response.raw == b""
    assert response.content_type == "application/json"


@then("the service reports it is healthy")
def healthy(response):
    """The service and every part it depends on responded."""
    assert response.status == 200
    assert response.body["status"] == "ok"
    assert response.body["checks"]["database"] == "ok"
    assert set(response.body["checks"].values()) == {"ok"}


@then("it lists sign-up, login, profile and health")
def lists_endpoints(response):
    """Every endpoint of the contract is in the published schema."""
    assert response.status == 200
    paths = response.body["paths"]
    assert {"/signup", "/login", "/me", "/health"} <= set(paths)
    assert "bearerAuth" in response.body["components"]["securitySchemes"]


@then("the interactive Swagger page is served")
def swagger_served(api):
    """Swagger UI is served at /swagger and /swagger/."""
    for path in ("/swagger", "/swagger/"):
        page = api.call("GET", path)
        assert page.status == 200
        assert b"swagger-ui" in page.raw.lower()
