"""Create the database cache's table, so `migrate` alone prepares a working server.

The brute-force counters use Django's cache; without REDIS_URL that is the
database cache, whose table Django otherwise leaves to `createcachetable`.
"""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_sessions_and_roles")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
