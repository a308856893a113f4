"""The roles a member can hold."""

from django.db import models


class Role(models.TextChoices):
    USER = "USER", "User"
    ADMIN = "ADMIN", "Administrator"


def default_roles() -> list[str]:
    return [Role.USER.value]


def normalise_roles(roles) -> list[str]:
    """Known role names, each once, in a stable order."""
    return [role.value for role in Role if role.value in set(roles)]
