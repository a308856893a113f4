"""security.feature: the credentials it presents are catalogued in tokens.CREDENTIALS."""

from pytest_bdd import scenarios

scenarios("security.feature")
