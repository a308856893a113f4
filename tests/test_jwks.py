"""GET /.well-known/jwks.json, and `manage.py signingkey`, which makes the keys it publishes."""

import io
import os
import stat

import pytest
from django.core.management import CommandError, call_command

from tests.client_helpers import listed
from tests.keypairs import key_files, keys
from tokens.keys import key_ring

JWKS = "/.well-known/jwks.json"


class TestPublishedKeys:
    def test_hs256_only_answers_an_empty_set(self, client):
        with keys():
            response = client.get(JWKS)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/json"
        assert response.json() == {"keys": []}

    def test_public_keys_only_the_signing_one_first(self, client, tmp_path):
        _, current, _ = key_files(tmp_path, "ed25519", "current")
        _, _, retired = key_files(tmp_path, "ec", "retired")
        with keys(JWT_PRIVATE_KEY_FILE=current, JWT_PREVIOUS_PUBLIC_KEY_FILES=[retired]):
            published = client.get(JWKS).json()["keys"]
        assert [(jwk["kty"], jwk["crv"], jwk["alg"]) for jwk in published] == [
            ("OKP", "Ed25519", "EdDSA"),
            ("EC", "P-256", "ES256"),
        ]
        for jwk in published:
            assert jwk["use"] == "sig"
            assert not {"d", "k", "p", "q", "dp", "dq", "qi"} & set(
                jwk
            )  # no private or secret part

    def test_it_may_be_cached_by_anyone_for_five_minutes(self, client):
        response = client.get(JWKS, HTTP_AUTHORIZATION="Bearer stale")
        assert response.status_code == 200  # a stale token in the client is no reason to refuse
        assert response["Cache-Control"] == "public, max-age=300"
        # The same for every caller: a shared cache keeps one copy, not one per Authorization.
        assert "authorization" not in listed(response.get("Vary", ""))

    def test_other_answers_still_vary_by_authorization(self, client):
        assert "authorization" in listed(client.get("/me")["Vary"])

    def test_only_get_and_head(self, client):
        assert client.head(JWKS).status_code == 200
        response = client.post(JWKS)
        assert response.status_code == 405 and response["Cache-Control"] == "no-store"

    def test_it_is_in_the_published_schema(self, client):
        operation = client.get("/openapi.json").json()["paths"][JWKS]["get"]
        assert operation["tags"] == ["keys"] and "security" not in operation  # public


class TestSigningKeyCommand:
    def make(self, *args) -> str:
        out, err = io.StringIO(), io.StringIO()
        call_command("signingkey", *args, stdout=out, stderr=err)
        return out.getvalue().strip()

    @pytest.mark.parametrize(("kind", "alg"), [("ec", "ES256"), ("ed25519", "EdDSA")])
    def test_writes_a_private_key_that_only_its_owner_may_read(self, tmp_path, kind, alg):
        path = str(tmp_path / "signing.pem")
        previous = os.umask(0)  # the command must not rely on a careful umask
        try:
            kid = self.make("--type", kind, path)
        finally:
            os.umask(previous)
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
        assert stat.S_IMODE(os.stat(path + ".pub").st_mode) == 0o644
        # The kid printed is the one the service names the key by; the .pub is the same key.
        with keys(JWT_PRIVATE_KEY_FILE=path, JWT_PREVIOUS_PUBLIC_KEY_FILES=[path + ".pub"]):
            ring = key_ring()
        assert (ring.signing.kid, ring.signing.algorithm) == (kid, alg)
        assert [jwk["kid"] for jwk in ring.published] == [kid]

    @pytest.mark.parametrize("existing", ["signing.pem", "signing.pem.pub"])
    def test_never_overwrites_a_file(self, tmp_path, existing):
        (tmp_path / existing).write_bytes(b"keep me")
        with pytest.raises(CommandError, match="already exists"):
            self.make("--type", "ec", str(tmp_path / "signing.pem"))
        assert (tmp_path / existing).read_bytes() == b"keep me"
        assert sorted(path.name for path in tmp_path.iterdir()) == [existing]

    def test_refuses_an_unknown_type(self, tmp_path):
        with pytest.raises(CommandError):
            self.make("--type", "rsa", str(tmp_path / "signing.pem"))
