"""The pieces under the second-factor scenarios: encryption and its rotation, TOTP steps, recovery codes."""

import io

import jwt
import pyotp
import pytest
from cryptography.fernet import InvalidToken as UndecryptableSecret
from django.core.management import call_command

from accounts.devices import device_label
from accounts.models import User
from mfa import encryption, recovery, totp
from mfa.models import TotpDevice
from tokens.exceptions import InvalidToken
from tokens.tokens import issue_access_token, read_access_token

OLD_KEY = "an-old-second-factor-key-" + "0" * 20
NEW_KEY = "a-new-second-factor-key-" + "1" * 20


class TestEncryption:
    def test_a_secret_is_stored_encrypted_and_comes_back(self):
        stored = encryption.encrypt("JBSWY3DPEHPK3PXP")
        assert "JBSWY3DPEHPK3PXP" not in stored
        assert encryption.decrypt(stored) == "JBSWY3DPEHPK3PXP"

    def test_a_previous_key_still_decrypts_after_rotation(self, settings):
        settings.MFA_SECRET_KEY, settings.MFA_PREVIOUS_SECRET_KEYS = OLD_KEY, []
        stored = encryption.encrypt("JBSWY3DPEHPK3PXP")
        settings.MFA_SECRET_KEY, settings.MFA_PREVIOUS_SECRET_KEYS = NEW_KEY, [OLD_KEY]
        assert encryption.decrypt(stored) == "JBSWY3DPEHPK3PXP"

    def test_without_the_key_that_encrypted_it_nothing_decrypts(self, settings):
        settings.MFA_SECRET_KEY = OLD_KEY
        stored = encryption.encrypt("JBSWY3DPEHPK3PXP")
        settings.MFA_SECRET_KEY, settings.MFA_PREVIOUS_SECRET_KEYS = NEW_KEY, []
        with pytest.raises(UndecryptableSecret):
            encryption.decrypt(stored)

    @pytest.mark.django_db
    def test_reencrypting_lets_the_previous_key_go(self, settings):
        settings.MFA_SECRET_KEY, settings.MFA_PREVIOUS_SECRET_KEYS = OLD_KEY, []
        member = User.objects.create_user("jinho", "12341234", nickname="J")
        TotpDevice.objects.create(user=member, secret=encryption.encrypt("JBSWY3DPEHPK3PXP"))
        settings.MFA_SECRET_KEY, settings.MFA_PREVIOUS_SECRET_KEYS = NEW_KEY, [OLD_KEY]
        out = io.StringIO()
        call_command("reencrypt_mfa_secrets", stdout=out)
        assert "re-encrypted 1" in out.getvalue()
        settings.MFA_PREVIOUS_SECRET_KEYS = []
        assert encryption.decrypt(TotpDevice.objects.get().secret) == "JBSWY3DPEHPK3PXP"


class TestTotp:
    SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
    NOW = 1_800_000_015

    def code(self, offset_steps: int) -> str:
        return pyotp.TOTP(self.SECRET).at(self.NOW + 30 * offset_steps)

    @pytest.mark.parametrize("offset", [-1, 0, 1])
    def test_one_step_of_drift_either_way_is_accepted(self, offset):
        step = totp.matching_step(self.SECRET, self.code(offset), now=self.NOW)
        assert step == self.NOW // 30 + offset

    @pytest.mark.parametrize("offset", [-2, 2])
    def test_two_steps_away_is_refused(self, offset):
        assert totp.matching_step(self.SECRET, self.code(offset), now=self.NOW) is None

    @pytest.mark.parametrize("code", ["", "12345", "1234567", "12345a", "١٢٣٤٥٦"])
    def test_anything_but_six_ascii_digits_is_no_code(self, code):
        assert totp.matching_step(self.SECRET, code, now=self.NOW) is None

    def test_a_new_secret_has_160_bits(self):
        assert len(totp.new_secret()) == 32  # base32: 5 bits a symbol


class TestRecoveryCodes:
    def test_ten_codes_of_80_bits(self):
        codes = recovery.new_codes()
        assert len(set(codes)) == 10
        assert all(recovery.looks_like_one(code) for code in codes)
        assert all(len(code.replace("-", "")) * 5 >= 64 for code in codes)

    def test_typed_in_any_case_with_or_without_dashes_it_is_the_same_code(self):
        code = recovery.new_codes()[0]
        typed = code.replace("-", " ").upper()
        assert recovery.hashed(typed, user_id=1) == recovery.hashed(code, user_id=1)

    def test_the_same_code_hashes_differently_for_another_member(self):
        code = recovery.new_codes()[0]
        assert recovery.hashed(code, user_id=1) != recovery.hashed(code, user_id=2)


class TestDeviceLabels:
    @pytest.mark.parametrize(
        "agent, label",
        [
            (
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
                "(KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
                "Chrome 120 on Windows 10",
            ),
            ("curl/8.5.0", "curl 8"),
            ("", ""),
            ("x" * 10_000, ""),
        ],
    )
    def test_the_label_names_browser_and_system(self, agent, label):
        assert device_label(agent) == label


class TestAmrClaim:
    SESSION = "0b6e9d1c-3f4a-4b8e-8c2d-5e7f9a1b3c6d"

    def test_a_token_says_how_its_login_was_made(self):
        raw = issue_access_token(user_id=7, session_id=self.SESSION, amr=("pwd", "otp")).raw
        assert read_access_token(raw).amr == ("pwd", "otp")

    @pytest.mark.parametrize("amr", ["pwd otp", [1], {"pwd": True}, None])
    def test_an_amr_that_is_not_a_list_of_strings_is_refused(self, settings, amr):
        raw = issue_access_token(user_id=7, session_id=self.SESSION).raw
        claims = {**jwt.decode(raw, options={"verify_signature": False}), "amr": amr}
        header = jwt.get_unverified_header(raw)
        forged = jwt.encode(claims, settings.JWT_SECRET_KEY, algorithm="HS256", headers=header)
        with pytest.raises(InvalidToken):
            read_access_token(forged)
