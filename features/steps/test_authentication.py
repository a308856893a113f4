"""authentication.feature: its steps are the shared vocabulary (conftest.py) and tokens.CREDENTIALS."""

from pytest_bdd import scenarios

scenarios("authentication.feature")
