"""What accounts announces to the apps built on it, which it must not import."""

from django.dispatch import Signal

# A member's password was replaced (changed or reset); sent with `user`, inside the
# transaction that replaced it.
password_replaced = Signal()

# A member spent one of their recovery codes; sent with `user_id` and `remaining` (how many
# are left), inside the transaction that spent it, by the app that keeps second factors.
recovery_code_used = Signal()
