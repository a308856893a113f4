"""Content negotiation: this API speaks JSON only."""

from rest_framework.negotiation import DefaultContentNegotiation


class AlwaysJSONNegotiation(DefaultContentNegotiation):
    """Answer in JSON whatever the `Accept` header asks for.

    Every response of the API, errors included, is `application/json`; refusing a
    request with 406 because of its `Accept` header would help no client.
    """

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type
