from django.db import models


class Counter(models.Model):
    """One count in one time window, for the limits (api/counters.py writes it with raw SQL).

    `key` names the limit, the subject and the window; `expires_at` (Unix seconds) is
    when the window ends, after which the row is deleted.
    """

    key = models.CharField(primary_key=True, max_length=100)
    count = models.IntegerField()
    expires_at = models.BigIntegerField(db_index=True)

    class Meta:
        db_table = "api_counter"
