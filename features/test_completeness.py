"""The specification knows when it is incomplete.

After a whole, green, in-process scenario run (features/conftest.py orders this
test last and says whether the run can be judged), it fails, naming what is
missing, when
- an error code the API can respond with (every `ApiError` subclass's
  `default_code`) was received by no scenario, or
- an (operation, status) pair of the OpenAPI document was produced by no scenario.
It reads what the scenarios actually received (features/steps/received.py), never
the feature text. Unlike the steps, it may import the code: it checks the
scenarios against the code, not the code against the contract.
"""

import importlib
import re

import pytest
from drf_spectacular.generators import SchemaGenerator

from api.exceptions import ApiError
from features.steps.received import RECEIVED, Exchange

# Modules that define ApiError subclasses; importing them makes every code known.
ERROR_MODULES = [
    "api.exceptions",
    "accounts.exceptions",
    "tokens.exceptions",
    "mfa.exceptions",
    "recovery.exceptions",
]

# Features whose scenarios do not count: they restate refusals that other features
# specify, so a code or response seen only there has no scenario that says when it happens.
RESTATING = {
    "features/languages.feature": "it words refusals in each language; the feature that owns "
    "each rule says when the refusal happens",
}

# Error codes no scenario can receive, each with its reason.
UNREACHABLE_CODES = {
    "INTERNAL_ERROR": "a 500 is always a bug, so no scenario may produce one; "
    "tests/test_errors.py and tests/test_i18n.py check its envelope with a crashing URLconf",
}
# Documented (operation, status) pairs no scenario can produce, each with its reason.
UNREACHABLE_RESPONSES: dict[tuple[str, str], str] = {}


def api_error_codes() -> set[str]:
    for module in ERROR_MODULES:
        importlib.import_module(module)
    found, pending = set(), [ApiError]
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if cls is not ApiError:
            found.add(cls.default_code)
    return found


def documented_responses(schema: dict) -> set[tuple[str, str]]:
    return {
        (f"{method.upper()} {path}", status)
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
        for status in operation["responses"]
    }


def operation_of(exchange: Exchange, paths: list[str]) -> str | None:
    """The OpenAPI operation a request reached, as the document writes it (`PATCH /x/{id}`)."""
    path = exchange.path.rstrip("/") or "/"  # the API ignores a trailing slash
    for template in paths:
        if re.fullmatch(re.sub(r"\{[^/}]+\}", "[^/]+", template), path):
            return f"{exchange.method} {template}"
    return None


def gaps() -> tuple[list[str], list[str]]:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    counted = [exchange for exchange in RECEIVED.exchanges if exchange.feature not in RESTATING]
    received_codes = {exchange.code for exchange in counted}
    produced = {
        (operation_of(exchange, list(schema["paths"])), str(exchange.status))
        for exchange in counted
    }
    codes = sorted(api_error_codes() - received_codes - set(UNREACHABLE_CODES))
    responses = sorted(documented_responses(schema) - produced - set(UNREACHABLE_RESPONSES))
    return codes, [f"{operation} {status}" for operation, status in responses]


def report(codes: list[str], responses: list[str]) -> str:
    lines = ["The specification is incomplete: the API can respond in ways no scenario shows."]
    if codes:
        lines += ["", "Error codes that no scenario receives:"] + [f"  - {code}" for code in codes]
    if responses:
        lines += ["", "Operations and statuses in the OpenAPI document that no scenario produces:"]
        lines += [f"  - {response}" for response in responses]
    lines += [
        "",
        "Add a scenario, in the feature that owns the rule, whose When makes that request",
        "(in-process runs record every response in features/steps/received.py). Scenarios in",
        f"{', '.join(RESTATING)} do not count. If a scenario truly cannot reach one, add it to",
        "UNREACHABLE_CODES or UNREACHABLE_RESPONSES in features/test_completeness.py, with the reason.",
    ]
    return "\n".join(lines)


def test_every_error_code_and_documented_response_has_a_scenario():
    if RECEIVED.incomplete_run:
        why = "; ".join(RECEIVED.incomplete_run)
        pytest.skip(f"judged only after every scenario ran and passed in-process: {why}")
    codes, responses = gaps()
    assert not (codes or responses), report(codes, responses)
