"""The base of every API view."""

from rest_framework.exceptions import MethodNotAllowed
from rest_framework.views import APIView

from api.schema import ApiAutoSchema


class ApiView(APIView):
    """An APIView that answers a wrong method with 405 before asking for a token.

    DRF authenticates before it looks up the handler, so `POST /me` without a
    token would say TOKEN_NOT_FOUND; the method is the first thing wrong with it.
    """

    schema = ApiAutoSchema()

    def initial(self, request, *args, **kwargs):
        method = request.method.lower()
        if method not in self.http_method_names or not hasattr(self, method):
            raise MethodNotAllowed(request.method)
        super().initial(request, *args, **kwargs)
