from pytest_bdd import given, scenarios, then, when

scenarios("https.feature")

# The test client speaks plain HTTP unless told otherwise: every request here is plain HTTP.


## Given


@given("the service requires HTTPS")
def requires_https(settings):
    """The operator switched on SECURE_SSL_REDIRECT, as behind a load balancer that ends TLS."""
    settings.SECURE_SSL_REDIRECT = True


## When


@when("a person opens the API's Swagger page over plain HTTP", target_fixture="response")
def opens_swagger(api):
    """A browser asks for the Swagger page at its plain-HTTP address."""
    return api.get("/swagger")


## Then


@then("they are sent to the same page over HTTPS")
def redirected_to_https(response):
    """A permanent redirect to the https:// address of the very same page."""
    assert response.status == 301, response.raw
    assert response.headers["Location"].startswith("https://")
    assert response.headers["Location"].endswith("/swagger")


@then("the service is healthy over plain HTTP")
def healthy(response):
    """The health check is answered, not refused or redirected."""
    assert response.status == 200, response.raw
