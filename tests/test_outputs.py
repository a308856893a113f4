"""The profile, the busiest response, is built by hand; its serializer documents it in OpenAPI.

The hand-built response must be exactly what its serializer gives, key for key and
type for type, or the document would describe a different response.
"""

from accounts.models import User
from accounts.serializers import MeOutputSerializer, me_output


def test_the_profile_is_what_its_serializer_documents():
    member = User(id=7, username="JIN HO", nickname="Mentos", roles=["USER", "ADMIN"])
    assert me_output(member) == MeOutputSerializer(member).data
