"""The bench's baseline: the project's settings with no middleware and one bare view.

Served by the same gunicorn, configuration and database as the API, so that
`GET /health` can be compared with the least Django can do for the same `SELECT 1`.
"""

from config.settings import *  # noqa: F403

MIDDLEWARE = []
ROOT_URLCONF = "bench.bare_urls"
