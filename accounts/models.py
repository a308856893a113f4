import uuid

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.db import connection, connections, models
from django.utils import timezone

from accounts.prepared import PreparedStatement
from accounts.roles import Role, default_roles
from accounts.usernames import username_key

USERNAME_MAX_LENGTH = 150
# An IPv6 address with a zone index fits; api.addresses gives nothing longer in practice.
ADDRESS_MAX_LENGTH = 64
NICKNAME_MAX_LENGTH = 50

# A member's row, only while the named session exists: two primary-key lookups.
# Written out once because composing it through the ORM on every authenticated
# request cost several times more than running it, and prepared on PostgreSQL
# because planning it there cost more than running it too.
LIVE_SESSION_MEMBER = PreparedStatement(
    "accounts_live_session_member",
    """
    SELECT member.id, member.username, member.nickname, member.roles, member.second_factor
    FROM accounts_user AS member
    JOIN accounts_session AS session ON session.user_id = member.id
    WHERE member.id = %s AND session.id = %s AND member.is_active
    """,
    ("bigint", "uuid"),
)
LIVE_SESSION_MEMBER_FIELDS = ["id", "username", "nickname", "roles", "second_factor"]

# The member a login names, with what ModelBackend.authenticate() reads of them: every
# login runs it, so it is written out and prepared like the lookup above.
MEMBER_BY_NAME = PreparedStatement(
    "accounts_member_by_name",
    "SELECT id, password, is_active, second_factor FROM accounts_user WHERE username_key = %s",
    ("varchar",),
)
# With the second-factor summary, so a login asks "is a second factor needed?" in the same query.
MEMBER_BY_NAME_FIELDS = ["id", "password", "is_active", "second_factor"]


def password_only() -> list[str]:
    return ["pwd"]


class UserManager(BaseUserManager):
    def get_by_natural_key(self, username):
        """The member named `username` in any letter case, for ModelBackend.authenticate() and loaddata.

        Only the fields authenticate() reads are loaded; any other loads on first use.
        """
        database = connections[self.db]
        row = MEMBER_BY_NAME.fetchone(database, [username_key(username)])
        if row is None:
            raise self.model.DoesNotExist("No member has this name.")
        pk, password, is_active, second_factor = row
        second_factor = self.model._meta.get_field("second_factor").from_db_value(
            second_factor, None, database
        )
        # SQLite gives the flag as 0 or 1.
        return self.model.from_db(
            database.alias, MEMBER_BY_NAME_FIELDS, [pk, password, bool(is_active), second_factor]
        )

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
        *columns, roles, second_factor = row
        # Both are plain JSON fields: one field's decoder reads either.
        decode = self.model._meta.get_field("roles").from_db_value
        return self.model.from_db(
            connection.alias,
            LIVE_SESSION_MEMBER_FIELDS,
            [*columns, decode(roles, None, connection), decode(second_factor, None, connection)],
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
            models.UniqueConstraint(fields=["username"], name="accounts_user_username_unique")
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
