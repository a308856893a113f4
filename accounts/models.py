import uuid

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.db import connection, models
from django.db.models.functions import Lower
from django.utils import timezone

from accounts.measured_sql import LIVE_SESSION_MEMBER, LIVE_SESSION_MEMBER_FIELDS
from accounts.roles import Role, default_roles
from accounts.usernames import username_key

USERNAME_MAX_LENGTH = 150
# An IPv6 address with a zone index fits; api.addresses gives nothing longer in practice.
ADDRESS_MAX_LENGTH = 64
NICKNAME_MAX_LENGTH = 50


def password_only() -> list[str]:
    return ["pwd"]


class UserManager(BaseUserManager):
    def get_by_natural_key(self, username):
        """The member named `username` in any letter case, for ModelBackend.authenticate() and loaddata."""
        return self.get(username_key=username_key(username))

    def create_user(self, username: str, password: str | None = None, **extra_fields):
        user = self.model(username=username.strip(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def get_by_live_session(self, *, user_id: int, session_id: str) -> "User | None":
        """The active member, if the session `session_id` is theirs and still exists.

        Only the fields a request reads are loaded; any other loads on first use.
        """
        # UUIDs are stored natively by PostgreSQL and as 32 hex digits by SQLite.
        session_key = Session._meta.pk.get_db_prep_value(session_id, connection)
        row = LIVE_SESSION_MEMBER.fetchone(connection, [user_id, session_key])
        if row is None:
            return None
        *columns, roles, email, email_pending, second_factor = row
        # Both are plain JSON fields: one field's decoder reads either.
        decode = self.model._meta.get_field("roles").from_db_value
        return self.model.from_db(
            connection.alias,
            LIVE_SESSION_MEMBER_FIELDS,
            [
                *columns,
                decode(roles, None, connection),
                email,
                email_pending,
                decode(second_factor, None, connection),
            ],
        )


class User(AbstractBaseUser):
    """A member. `username` is shown as typed; `username_key` keeps it unique.

    `username` is the USERNAME_FIELD, so `get_username()` and `natural_key()` give
    the name as shown and `dumpdata --natural-primary` round-trips. Its own unique
    constraint is implied by `username_key`'s (equal names have equal keys); it is
    declared so Django's check auth.E003 holds without being silenced.
    """

    username = models.CharField(max_length=USERNAME_MAX_LENGTH)
    username_key = models.CharField(max_length=64, unique=True, editable=False)
    nickname = models.CharField(max_length=NICKNAME_MAX_LENGTH)
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)
    # A JSON list on the user row, so authenticating a request reads roles in the same query.
    roles = models.JSONField(default=default_roles)
    # `last_login`, inherited from AbstractBaseUser, is never written (Django writes it only
    # in its session login, which this API does not use). Writing it would add an UPDATE of
    # this row to every login, to record what is already known: the `login_succeeded` audit
    # line, and each session's `created_at` and `last_used_at` (docs/operations.md).

    # The member's mail addresses, on the row so that GET /me stays one query; the recovery
    # app alone changes them. Only the verified one belongs to the member: it is unique in
    # any letter case (the constraint below). One waiting for verification claims nothing.
    email = models.EmailField(null=True, blank=True)
    email_pending = models.EmailField(null=True, blank=True)

    # What the profile says of the member's second factor ({} for none), written by the app
    # that keeps second factors (mfa); on this row so a profile is still one query.
    second_factor = models.JSONField(default=dict, blank=True)

    objects = UserManager()

    USERNAME_FIELD = "username"
    REQUIRED_FIELDS = ["nickname"]

    class Meta:
        db_table = "accounts_user"
        # A constraint, not `unique=True`: on PostgreSQL that would add a second,
        # LIKE-pattern index that no query here needs.
        constraints = [
            models.UniqueConstraint(fields=["username"], name="accounts_user_username_unique"),
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_unique"),
        ]

    def __str__(self) -> str:
        return self.username

    @property
    def is_admin(self) -> bool:
        return Role.ADMIN.value in self.roles

    def save(self, *args, update_fields=None, **kwargs):
        # The uniqueness key is derived, never set by hand, so it cannot drift from the name.
        # A save of other fields only (a password re-hashed at login) leaves both alone, and
        # does not load a name that was deferred.
        if update_fields is None or "username" in update_fields:
            self.username_key = username_key(self.username)
            if update_fields is not None:
                update_fields = {*update_fields, "username_key"}
        super().save(*args, update_fields=update_fields, **kwargs)


class Session(models.Model):
    """One login and the refresh tokens descending from it.

    Only the SHA-256 of the current refresh token is kept. Ending a session deletes
    the row, which at once refuses its access tokens (they name the session) and
    every refresh token of the family. `ends_at` is fixed at the login; no token
    of the session expires after it. `last_used_at` (the login or the latest
    refresh) picks the session to end when a member has too many.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="sessions")
    refresh_token_hash = models.CharField(max_length=64)
    refresh_expires_at = models.DateTimeField(db_index=True)
    created_at = models.DateTimeField(default=timezone.now)
    ends_at = models.DateTimeField(db_index=True)
    last_used_at = models.DateTimeField(default=timezone.now)
    # How the member logged in (RFC 8176), carried by every access token of the session.
    amr = models.JSONField(default=password_only)
    # For "my devices": where the login came from, and a label for its user agent.
    address = models.CharField(max_length=ADDRESS_MAX_LENGTH, blank=True, default="")
    device = models.CharField(max_length=100, blank=True, default="")

    class Meta:
        db_table = "accounts_session"
