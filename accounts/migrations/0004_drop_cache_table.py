"""Drop the old cache table, so every database has the same tables whatever its history."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_cache_table")]

    operations = [migrations.RunSQL("DROP TABLE IF EXISTS cache_entries", migrations.RunSQL.noop)]
