"""A statement that PostgreSQL prepares once per connection instead of planning on every run.

PostgreSQL plans a statement sent as text every time it runs; for a short lookup on
primary keys the planning takes longer than the lookup. A prepared statement is planned
once per connection. Elsewhere (SQLite), or with DATABASE_PREPARED_STATEMENTS off (for a
pooler that hands each transaction a different server connection), the text is sent as is.

The server can lose a prepared statement behind the connection's back (`DISCARD ALL`,
`DEALLOCATE`), or refuse it once a migration has changed the type of a column it returns.
Either way it is prepared afresh, once, and run again: the request still gets its answer.
(Inside a transaction the failure has already aborted it, so the error goes to its owner,
and the statement is prepared afresh on its next run. Statements sent before it in the same
round trip were in the transaction the failure aborted: they run again with it.)
"""

import weakref

from django.conf import settings
from django.db import DatabaseError
from django.db.backends.postgresql.psycopg_any import is_psycopg3

INVALID_STATEMENT_NAME = "26000"  # the server does not have it
DUPLICATE_PREPARED_STATEMENT = (
    "42P05"  # the server has it though this connection was not seen preparing it
)
FEATURE_NOT_SUPPORTED = "0A000"  # "cached plan must not change result type", after a migration
LOST = {INVALID_STATEMENT_NAME, DUPLICATE_PREPARED_STATEMENT, FEATURE_NOT_SUPPORTED}


class PreparedStatement:
    def __init__(self, name: str, sql: str, parameter_types: tuple[str, ...]):
        """`sql` takes its parameters as `%s`, in the order of `parameter_types` (PostgreSQL types)."""
        self.name = name
        self.sql = sql
        placeholders = tuple(f"${number}" for number in range(1, len(parameter_types) + 1))
        self._prepare = f"PREPARE {name} ({', '.join(parameter_types)}) AS {sql % placeholders}"
        self._execute = f"EXECUTE {name} ({', '.join(['%s'] * len(parameter_types))})"
        self._prepared_on = weakref.WeakSet()  # the DB-API connections known to hold it

    def fetchone(self, database, params) -> tuple | None:
        """Run the statement on a Django database connection; its first row, or None."""
        with database.cursor() as cursor:
            self._execute_on(cursor, params)
            return cursor.fetchone()

    def fetchall(self, database, params, *, before: str = "") -> list:
        """Run the statement after the statements `before`, sent with it in one round trip.

        `before`'s `%s` take the first parameters. In autocommit, PostgreSQL runs them all as
        one transaction. Returns the statement's rows.
        """
        with database.cursor() as cursor:
            self._execute_on(cursor, params, before)
            # psycopg 3 starts at the first statement's rows; psycopg2 has only the last's.
            while is_psycopg3 and cursor.nextset():
                pass
            return cursor.fetchall()

    def _execute_on(self, cursor, params, before: str = "") -> None:
        database = cursor.db
        if database.vendor != "postgresql" or not settings.DATABASE_PREPARED_STATEMENTS:
            cursor.execute(before + self.sql, params)
            return
        try:
            self._run(cursor, params, before)
        except DatabaseError as error:
            code = _sqlstate(error.__cause__)
            if code not in LOST:
                raise
            self._prepared_on.discard(database.connection)
            if database.in_atomic_block:
                raise  # the failure has aborted the transaction, which only its owner can roll back
            if code != INVALID_STATEMENT_NAME:
                cursor.execute(f"DEALLOCATE {self.name}")
            self._run(cursor, params, before)

    def _run(self, cursor, params, before: str) -> None:
        connection = cursor.db.connection
        # Prepared statements outlive transactions, committed or rolled back, but not the connection.
        if connection not in self._prepared_on:
            cursor.execute(self._prepare)
            self._prepared_on.add(connection)
        cursor.execute(before + self._execute, params)


def _sqlstate(driver_error) -> str | None:
    # psycopg2 names the code `pgcode`, psycopg 3 `sqlstate`; Django uses psycopg 3 whenever it is installed.
    return getattr(driver_error, "pgcode", None) or getattr(driver_error, "sqlstate", None)
