"""What the OpenAPI document promises for each operation, as generated clients read it.

openapi-python-client types an operation with `"security": [{}]` as needing an
authenticated client, and raises "unexpected status" for a status the document
does not list; so public operations carry no security requirement, and every
operation that needs the database or the attempt counter lists 503.
"""

import pytest
from drf_spectacular.generators import SchemaGenerator

# The tests' own copy of the contract.
PUBLIC = {
    "POST /signup",
    "POST /login",
    "POST /login/mfa",
    "POST /token/refresh",
    "GET /health",
    "GET /.well-known/jwks.json",
    "POST /email/verify",
    "POST /password/forgot",
    "POST /password/reset",
}
# The keys are in memory: publishing them needs neither the database nor Redis.
NEEDS_NO_STORE = {"GET /.well-known/jwks.json"}
BEARER = [{"bearerAuth": []}]


@pytest.fixture(scope="module")
def operations() -> dict[str, dict]:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return {
        f"{method.upper()} {path}": operation
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
    }


def test_the_public_operations_are_the_expected_ones(operations):
    assert PUBLIC <= set(operations)


def test_public_operations_carry_no_security_requirement(operations):
    assert {name: operations[name].get("security") for name in PUBLIC} == dict.fromkeys(PUBLIC)


def test_every_other_operation_needs_a_bearer_token(operations):
    others = set(operations) - PUBLIC
    assert {name: operations[name].get("security") for name in others} == dict.fromkeys(
        others, BEARER
    )


def test_every_operation_that_needs_a_store_documents_503(operations):
    missing = [
        name
        for name, operation in operations.items()
        if name not in NEEDS_NO_STORE and "503" not in operation["responses"]
    ]
    assert missing == []


def test_503_is_the_envelope_with_its_code(operations):
    for name, operation in operations.items():
        if name in NEEDS_NO_STORE:
            continue
        unavailable = operation["responses"]["503"]
        schema = unavailable["content"]["application/json"]["schema"]
        assert schema == {"$ref": "#/components/schemas/ErrorEnvelope"}, name
        examples = unavailable["content"]["application/json"]["examples"]
        codes = {example["value"]["error"]["code"] for example in examples.values()}
        assert codes == {"SERVICE_UNAVAILABLE"}, name
