"""Formerly created the database cache's table for the brute-force counters.

The counters now have a table of their own (api.Counter), created whatever the
settings say, and nothing uses Django's cache. 0004 drops the old table where an
earlier version created it; this migration stays, empty, for the databases that
recorded it.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_sessions_and_roles")]

    operations = []
