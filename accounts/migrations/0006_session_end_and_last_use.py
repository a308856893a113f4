"""Give every session an absolute end and a time of last use.

Sessions that exist already end JWT_SESSION_MAX_LIFETIME after they were
created, as new ones will, and count as last used when they were created.
"""

from datetime import timedelta

from django.conf import settings
from django.db import migrations, models
from django.db.models import F
from django.utils import timezone


def date_existing_sessions(apps, schema_editor):
    Session = apps.get_model("accounts", "Session")
    lifetime = timedelta(seconds=settings.JWT_SESSION_MAX_LIFETIME)
    Session.objects.update(ends_at=F("created_at") + lifetime, last_used_at=F("created_at"))


class Migration(migrations.Migration):
    dependencies = [("accounts", "0005_username_is_the_natural_key")]

    operations = [
        migrations.AddField(
            model_name="session",
            name="ends_at",
            field=models.DateTimeField(db_index=True, null=True),
        ),
        migrations.AddField(
            model_name="session",
            name="last_used_at",
            field=models.DateTimeField(default=timezone.now),
        ),
        migrations.RunPython(date_existing_sessions, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="session",
            name="ends_at",
            field=models.DateTimeField(db_index=True),
        ),
    ]
