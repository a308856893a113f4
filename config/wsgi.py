import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

from api.wsgi_body import ChunkedBodyMiddleware
from api.wsgi_head import HeadWithoutBodyMiddleware

application = HeadWithoutBodyMiddleware(ChunkedBodyMiddleware(get_wsgi_application()))
