"""The outbox on /metrics: how many mails wait, and for how long the oldest has."""

from django.db import DatabaseError
from django.db.models import Count, Min
from django.utils import timezone
from prometheus_client.core import GaugeMetricFamily

from recovery.models import Mail

SIZE = ("authapi_mail_outbox_size", "Mails written to the outbox and not yet sent.")
OLDEST = ("authapi_mail_outbox_oldest_age_seconds", "Age of the oldest mail not yet sent.")


class OutboxCollector:
    """Read from the database at each scrape, so every worker and instance reports the same."""

    def describe(self):
        # Without it, prometheus-client would collect (query the database) on registration.
        return [GaugeMetricFamily(*SIZE), GaugeMetricFamily(*OLDEST)]

    def collect(self):
        try:
            found = Mail.objects.aggregate(size=Count("pk"), oldest=Min("created_at"))
        except DatabaseError:
            return  # /health reports the database; a scrape still shows everything else
        oldest = found["oldest"]
        age = (timezone.now() - oldest).total_seconds() if oldest else 0
        yield GaugeMetricFamily(*SIZE, value=found["size"])
        yield GaugeMetricFamily(*OLDEST, value=max(0.0, age))
