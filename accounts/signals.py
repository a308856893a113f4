"""What accounts announces to the apps built on it, which it must not import."""

from django.dispatch import Signal

# A member's password was replaced (changed or reset); sent with `user`, inside the
# transaction that replaced it.
password_replaced = Signal()
