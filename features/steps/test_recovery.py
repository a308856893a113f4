"""Steps of recovery.feature and email.feature: they share the vocabulary of mail.

The mail is real: in-process the service sends it over SMTP to a server these steps
start (aiosmtpd); live, to the SMTP sink CI starts beside the server.
"""

import os
import re
import secrets
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from pytest_bdd import given, parsers, scenarios, then, when

from features.steps import authenticator, mail_sink
from features.steps.api_client import REFUSED_BODIES, bearer
from features.steps.mailbox import Mailbox, address_of, code_in, html_of, text_of
from features.steps.members import (
    DEFAULT_PASSWORD,
    Member,
    change_password,
    log_in,
    logged_in,
)

scenarios("email.feature", "recovery.feature")

STRANGER = "nobody-at-all@example.com"
HANGUL = re.compile("[\uac00-\ud7a3]")
CLIENT = "203.0.113.7"
# Request headers that differ on every response, whoever asked.
PER_RESPONSE = {"date", "x-request-id"}
# Live, the scenario's link setting must be the server's, which CI passes on.
RESET_URL_VARIABLE = "API_PASSWORD_RESET_URL"


@pytest.fixture(scope="session")
def mail_server(live_url):
    """In-process, a real SMTP server on a free port that the service sends to all session."""
    if live_url is not None:
        yield None
        return
    server = mail_sink.MailServer().start()
    before = settings.EMAIL_HOST, settings.EMAIL_PORT
    settings.EMAIL_HOST, settings.EMAIL_PORT = mail_sink.HOST, server.port
    yield server
    settings.EMAIL_HOST, settings.EMAIL_PORT = before
    server.stop()


# Autouse: the server must listen, and the mailbox be emptied, before a scenario's first mail.
@pytest.fixture(autouse=True)
def mailbox(mail_server, live_url) -> Mailbox:
    if live_url is None:
        mail_server.sink.received.clear()  # in-process, every scenario reuses the addresses
        return Mailbox(mail_server.sink.messages, live=False)
    folder = os.environ.get("API_MAIL_DIR")
    assert folder, "live, the scenarios read mail from the SMTP sink's folder: set API_MAIL_DIR"
    return Mailbox(lambda: mail_sink.read_folder(Path(folder)), live=True)


@pytest.fixture
def mail_server_control(mail_server):
    yield mail_server
    if not mail_server.running:  # a scenario that took it down leaves it up for the next
        mail_server.start()


@pytest.fixture
def apps() -> dict[str, authenticator.App]:
    """Each member's authenticator app, by name, once they have turned a second factor on."""
    return {}


def signup_body(member: Member, email: str | None = None) -> dict:
    body = {"username": member.username, "password": member.password, "nickname": member.nickname}
    return body if email is None else {**body, "email": email}


def latest_code(mailbox, address: str, kind: str, which: int = -1) -> str:
    return code_in(mailbox.wait_for(address, kind)[which])


def signed_in(api, member: Member) -> Member:
    return member if member.token else logged_in(api, member)


## Given


@given(parsers.parse('a member "{username}" who has given the address "{email}"'))
def member_with_pending_address(api, names, cast, mailbox, username, email):
    """A member signed up giving an address, and its verification mail has arrived."""
    member = cast.add(username, Member(username=names.of(username)))
    address = address_of(names, email)
    before = len(mailbox.mails(address, "verification"))
    response = api.post("/signup", signup_body(member, address))
    assert response.status == 201, response.raw
    mailbox.wait_for(address, "verification", before + 1)


@given(parsers.parse('a member "{username}" whose address "{email}" is verified'))
def member_with_verified_address(api, names, cast, mailbox, username, email):
    """A member signed up giving an address, and verified it with the code mailed to it."""
    member_with_pending_address(api, names, cast, mailbox, username, email)
    code = latest_code(mailbox, address_of(names, email), "verification")
    response = api.post("/email/verify", {"code": code})
    assert response.status == 200, response.raw


@given(parsers.parse('a member "{username}" who has given no address'))
def member_without_address(api, names, cast, username):
    """A member signed up without an address."""
    member = cast.add(username, Member(username=names.of(username)))
    assert api.post("/signup", signup_body(member)).status == 201


@given(parsers.re(r'(?P<name>\w+) has given the new address "(?P<email>[^"]+)"'))
def has_given_new_address(api, names, cast, mailbox, name, email):
    """The member asked, with their password, to use another address, which was mailed a code."""
    address = address_of(names, email)
    before = len(mailbox.mails(address, "verification"))
    response = give_address(api, names, cast, name, email, cast[name].password)
    assert response.status == 202, response.raw
    mailbox.wait_for(address, "verification", before + 1)


@given(parsers.re(r"(?P<name>\w+) has given (?P<count>\d+) new addresses within an hour"))
def has_given_many_addresses(api, names, cast, mailbox, name, count):
    """The member asked for that many addresses, each with its own verification mail."""
    for number in range(int(count)):
        has_given_new_address(api, names, cast, mailbox, name, f"{name}{number}@example.com")


@given(parsers.parse('someone has confirmed the address with the code from the mail to "{email}"'))
def has_confirmed(api, names, mailbox, email):
    """The address was verified with the code mailed to it."""
    response = confirm_with_mailed_code(api, names, mailbox, email)
    assert response.status == 200, response.raw


@given(parsers.re(r'someone has asked (?:again )?to reset the password of "(?P<email>[^"]+)"'))
def has_asked_for_reset(api, names, mailbox, email):
    """A reset was asked for by address, and its mail has arrived."""
    address = address_of(names, email)
    before = len(mailbox.mails(address, "reset"))
    assert ask_for_reset(api, {"email": address}).status == 202
    mailbox.wait_for(address, "reset", before + 1)


@given(parsers.parse('someone has asked {count:d} times to reset the password of "{email}"'))
def has_asked_many_times(api, names, mailbox, count, email):
    """As many resets were asked for, each mailed."""
    for _ in range(count):
        has_asked_for_reset(api, names, mailbox, email)


@given(parsers.parse('someone has asked to reset the password of "{email}", and no mail has come'))
def has_asked_without_mail(api, names, mailbox, email):
    """A reset was asked for by address; its mail has not arrived."""
    assert ask_for_reset(api, {"email": address_of(names, email)}).status == 202
    assert mailbox.settled(address_of(names, email), "reset") == []


@given(
    parsers.parse(
        'someone has set the password "{password}" with the code from the reset mail to "{email}"'
    )
)
def has_reset(api, names, cast, mailbox, password, email):
    """The password was reset with the mailed code."""
    response = reset_with_mailed_code(api, names, mailbox, password, email, "reset")
    assert response.status == 200, response.raw


@given(parsers.re(r"(?P<name>\w+) has logged in on two devices"))
def logged_in_twice(api, cast, name):
    """The member holds two independent sessions."""
    member = logged_in(api, cast[name])
    member.other_device = logged_in(api, Member(member.username, member.password))


@given(parsers.re(r"(?P<name>\w+) has logged in"))
def has_logged_in(api, cast, name):
    """The member holds a session."""
    logged_in(api, cast[name])


@given(parsers.re(r'(?P<name>\w+) has changed their password to "(?P<password>[^"]+)"'))
def has_changed_password(api, cast, name, password):
    """The member changed their password themselves, with the current one."""
    member = signed_in(api, cast[name])
    assert change_password(api, member, member.password, password).status == 200
    member.password = password


@given(parsers.parse("{name} has turned on a second factor"))
def has_turned_on(api, cast, apps, clock, name):
    """The member added an authenticator app, confirmed it, and keeps the recovery codes."""
    authenticator.start_clock(clock)
    member = logged_in(api, cast[name])  # again: a token from before the clock moved has expired
    apps[name] = authenticator.turn_on(api, member.token, member.password, clock)


@given(parsers.parse("{name} has logged in with their password and the code the app shows"))
def has_logged_in_with_code(api, cast, apps, clock, name):
    """A whole login with the second factor; the code is now spent."""
    member, code = cast[name], apps[name].fresh_code(clock)
    response = authenticator.log_in_with(api, member.username, member.password, code)
    assert response.status == 200, response.raw


@given(
    parsers.parse(
        'someone has tried the code from the reset mail to "{email}" without a code from the app'
    )
)
def has_tried_reset_without_second_factor(api, names, mailbox, email):
    """A reset with the mailed code alone was refused for want of the second factor."""
    response = reset_with_mailed_code(api, names, mailbox, "mallory-was-here", email, "reset")
    assert response.status == 403, response.raw


@given(parsers.parse("{period} has passed"))
def time_passes(clock, period):
    """The clock moves on by a day, half an hour or a minute."""
    clock.advance({"a day": 24 * 3600, "half an hour": 30 * 60, "a minute": 60}[period])


@given("the mail server is down")
def mail_server_down(mail_server_control):
    """The SMTP server stops answering."""
    mail_server_control.stop()


@given("the mail server is back")
def mail_server_back(mail_server_control):
    """The SMTP server answers again."""
    mail_server_control.start()


@given(parsers.parse("a client has tried {count:d} made-up codes"))
def tried_codes(api, count):
    """One client address has sent that many wrong codes."""
    for _ in range(count):
        assert made_up_code(api, "/email/verify", address=CLIENT).status == 400


@given(parsers.parse("a client has asked for {count:d} password resets"))
def asked_for_resets(api, count):
    """One client address has asked that many times, for strangers."""
    for number in range(count):
        response = ask_for_reset(api, {"email": f"stranger{number}@example.com"}, address=CLIENT)
        assert response.status == 202


@given(parsers.parse('the service links reset mails to "{url}"'))
def links_reset_mails(settings, live_url, url):
    """The client's app has a reset page at this address."""
    if live_url is None:
        settings.PASSWORD_RESET_URL = url
    elif os.environ.get(RESET_URL_VARIABLE) != url:
        pytest.skip(f"live, the server's PASSWORD_RESET_URL must be {url} ({RESET_URL_VARIABLE})")


## When


@when(
    parsers.parse('a visitor signs up as "{username}" giving the address "{email}"'),
    target_fixture="response",
)
def signs_up_with_address(api, names, cast, username, email):
    """A visitor signs up giving an address."""
    member = cast.add(username, Member(username=names.of(username)))
    return api.post("/signup", signup_body(member, address_of(names, email)))


@when(
    parsers.parse('someone confirms the address with the code from the mail to "{email}"'),
    target_fixture="response",
)
def confirms(api, names, mailbox, email):
    """Whoever reads the latest verification mail sends its code, with no token."""
    return confirm_with_mailed_code(api, names, mailbox, email)


@when(
    parsers.parse('someone confirms an address with the code from the reset mail to "{email}"'),
    target_fixture="response",
)
def confirms_with_reset_code(api, names, mailbox, email):
    """A reset code is sent to verify an address."""
    code = latest_code(mailbox, address_of(names, email), "reset")
    return api.post("/email/verify", {"code": code})


@when(
    parsers.re(r"(?P<who>someone|the client) confirms an address with a code they made up"),
    target_fixture="response",
)
def confirms_made_up(api, who):
    """A code nobody was sent is tried."""
    return made_up_code(api, "/email/verify", address=CLIENT if who == "the client" else None)


@when("the client sets a password with a code they made up", target_fixture="response")
def resets_made_up(api):
    """A reset code nobody was sent is tried."""
    return made_up_code(api, "/password/reset", address=CLIENT)


ODD_ADDRESSES = {
    "ending in a hidden right-to-left mark": "jinho@example.com\u202e",
    "with a zero-width space in it": "jin\u200bho@example.com",
    "whose part before the @ is 65 characters long": "a" * 65 + "@example.com",
}


@when(
    parsers.parse("{name} gives an address {made_how} with their password"),
    target_fixture="response",
)
def gives_odd_address(api, names, cast, name, made_how):
    """The member offers an address crafted to look like another, or too long to be one."""
    return give_address(api, names, cast, name, ODD_ADDRESSES[made_how], cast[name].password)


@when(
    parsers.re(r'(?P<name>\w+) gives the new address "(?P<email>[^"]+)" with (?P<password>.+)'),
    target_fixture="response",
)
def gives_new_address(api, names, cast, apps, clock, name, email, password):
    """The member asks to use another address, with their password or another, and maybe a code."""
    if password == "their password and the code the app shows":
        extra = {"mfa_code": apps[name].fresh_code(clock)}
        return give_address(api, names, cast, name, email, cast[name].password, extra)
    given = cast[name].password if password == "their password" else password.split('"')[1]
    return give_address(api, names, cast, name, email, given)


@when(
    parsers.re(
        r'someone asks (?P<english>in English )?to reset the password of "(?P<email>[^"]+)"'
        r'(?: through the host "(?P<host>[^"]+)")?'
    ),
    target_fixture="response",
)
def asks_for_reset(api, names, english, email, host):
    """A reset is asked for by address, in a language, or under a forged Host header."""
    headers = {"Accept-Language": "en"} if english else {}
    if host:
        headers |= {"Host": host, "X-Forwarded-Host": host}
    return ask_for_reset(api, {"email": address_of(names, email)}, headers=headers)


@when(
    parsers.parse('someone asks to reset the password of the member "{username}"'),
    target_fixture="response",
)
def asks_for_reset_by_name(api, names, username):
    """A reset is asked for by username."""
    return ask_for_reset(api, {"username": names.of(username)})


@when(
    parsers.parse('the client asks to reset the password of "{email}"'), target_fixture="response"
)
def client_asks_for_reset(api, names, email):
    """The limited client asks once more."""
    return ask_for_reset(api, {"email": address_of(names, email)}, address=CLIENT)


@when(
    "someone asks to reset the passwords of jinho, of minsu and of a stranger",
    target_fixture="responses",
)
def asks_for_three(api, names, cast):
    """Resets are asked for a member with an address, one without and a stranger."""
    jinho, minsu = cast["jinho"], cast["minsu"]
    return [
        ask_for_reset(api, {"username": jinho.username}),
        ask_for_reset(api, {"username": minsu.username}),
        ask_for_reset(api, {"username": names.of("stranger")}),
        ask_for_reset(api, {"email": address_of(names, "jinho@example.com")}),
        ask_for_reset(api, {"email": address_of(names, STRANGER)}),
    ]


@when(
    "someone asks to reset a password giving both an address and a username",
    target_fixture="response",
)
def asks_with_both(api):
    """Both ways of naming a member are sent at once."""
    return ask_for_reset(api, {"email": "jinho@example.com", "username": "jinho"})


@when(
    parsers.re(
        r'someone sets the password "(?P<password>[^"]*)" with the code from the '
        r'(?P<first>first )?(?P<kind>reset|verification) mail to "(?P<email>[^"]+)"'
    ),
    target_fixture="response",
)
def resets(api, names, mailbox, password, first, kind, email):
    """A new password is sent with the code of a mail."""
    return reset_with_mailed_code(api, names, mailbox, password, email, kind, 0 if first else -1)


# A second-factor code sent with a reset, by what the scenario calls it.
RESET_SECOND_FACTORS = {
    "the code {name}'s app shows": lambda app, clock: app.fresh_code(clock),
    "the code {name} just used": lambda app, clock: app.last_code,
    "a recovery code of {name}'s": lambda app, clock: app.recovery_codes[0],
}


@when(
    parsers.re(
        r'someone sets the password "(?P<password>[^"]*)" with the code from the reset mail to '
        r'"(?P<email>[^"]+)" and (?P<second>.+?(?P<name>\w+)(?:\'s app shows| just used|\'s))'
    ),
    target_fixture="response",
)
def resets_with_second_factor(api, names, mailbox, apps, clock, password, email, second, name):
    """A new password is sent with the mailed code and a code of the member's second factor."""
    make_code = RESET_SECOND_FACTORS[second.replace(name, "{name}")]
    code = latest_code(mailbox, address_of(names, email), "reset")
    body = {"code": code, "password": password, "mfa_code": make_code(apps[name], clock)}
    return api.post("/password/reset", body)


@when(
    parsers.re(
        r"(?P<name>\w+) logs in (?P<english>in English )?with their password and a recovery code"
    ),
    target_fixture="response",
)
def logs_in_with_recovery_code(api, cast, apps, name, english):
    """Both steps of a login, the second with the first of the member's recovery codes."""
    member = cast[name]
    headers = {"Accept-Language": "en"} if english else {}
    code = apps[name].recovery_codes.pop(0)
    response = authenticator.log_in_with(
        api, member.username, member.password, code, headers=headers
    )
    assert response.status == 200, response.raw
    return response


# What anyone does to recover an account that carries a body: the method, path and whether
# it needs the member's token.
RECOVERY_REQUESTS = {
    "asks for a reset": ("/password/forgot", False),
    "sets a password with a code": ("/password/reset", False),
    "confirms an address": ("/email/verify", False),
    "gives a new address": ("/me/email", True),
}


@when(
    parsers.re(
        rf"(?P<name>\w+) (?P<action>{'|'.join(RECOVERY_REQUESTS)}) sending (?P<body>{'|'.join(REFUSED_BODIES)})"
    ),
    target_fixture="response",
)
def sends_refused_body(api, cast, name, action, body):
    """A request whose body the API refuses before reading it."""
    path, with_token = RECOVERY_REQUESTS[action]
    authorization = bearer(cast[name].token if with_token else None)
    return api.call("POST", path, authorization=authorization, **REFUSED_BODIES[body])


@when(
    parsers.re(
        r"(?P<name>\w+) logs in with the old password at the moment the password is reset with the code"
    ),
    target_fixture="race",
)
def login_races_reset(api_factory, names, cast, mailbox, name):
    """A login with the old password and the reset are sent together, each on its own connection."""
    member = cast[name]
    code = latest_code(mailbox, address_of(names, "jinho@example.com"), "reset")
    login, reset = api_factory(), api_factory()
    start = threading.Barrier(2)

    def send(client, path, body):
        start.wait()
        return client.post(path, body)

    with ThreadPoolExecutor(max_workers=2) as pool:
        logged_in = pool.submit(
            send, login, "/login", {"username": member.username, "password": member.password}
        )
        reset_done = pool.submit(
            send, reset, "/password/reset", {"code": code, "password": "a-new-password"}
        )
        return logged_in.result(), reset_done.result()


@when("the operator delivers the mail that waits")
def delivers(live_url):
    """The outbox command runs, as its timer runs it."""
    call_command("deliver_mail")


## Then


@then("the request is accepted without saying more")
def accepted(response):
    """202, and a body that tells nothing about any member."""
    assert response.status == 202, response.raw
    assert response.body == {"accepted": True}


@then("the reset succeeds and no session started with the old password is alive")
def race_lost_by_the_login(api, race):
    """Whenever the login got tokens, the reset has ended that session all the same."""
    login, reset = race
    assert reset.status == 200, reset.raw
    if login.status == 200:
        assert api.get("/me", token=login.body["token"]).status == 401
        assert (
            api.post("/token/refresh", {"refresh_token": login.body["refresh_token"]}).status == 401
        )
    else:
        assert login.status == 401, login.raw


@then("every response is the same in status, body and headers")
def same_responses(responses):
    """Status, body and every header but the date and the request id are equal."""
    first = responses[0]
    for other in responses[1:]:
        assert (other.status, other.raw) == (first.status, first.raw)
        assert headers_of(other) == headers_of(first)
    assert first.status == 202


@then(
    parsers.re(
        r'"(?P<email>[^"]+)" receives a mail (?P<english>in English )?with an? '
        r"(?P<kind>reset|verification) code"
    )
)
def receives_code(names, mailbox, email, english, kind):
    """A mail of that kind arrives, with one long code alone on its line, in text and HTML."""
    mail = mailbox.wait_for(address_of(names, email), kind)[-1]
    code = code_in(mail)
    assert code in html_of(mail)
    if english:
        assert "Reset your password" in str(mail["Subject"]), mail["Subject"]
        assert not HANGUL.search(text_of(mail) + html_of(mail))


@then(
    parsers.re(
        r'"(?P<email>[^"]+)" receives a mail saying the (?P<what>password|address) was changed'
    )
)
def receives_notice(names, mailbox, email, what):
    """A notice of that change arrives."""
    mailbox.wait_for(address_of(names, email), f"{what} changed")


@then(
    parsers.re(
        r'"(?P<email>[^"]+)" receives a mail (?P<english>in English )?saying a recovery code '
        r"was used, with (?P<count>\d+) left"
    )
)
def receives_recovery_code_notice(names, mailbox, email, english, count):
    """A notice that a recovery code was used arrives, saying how many remain."""
    mail = mailbox.wait_for(address_of(names, email), "recovery code used")[-1]
    text = text_of(mail)
    assert re.search(rf"(?<!\d){count}(?!\d)", text), text
    if english:
        assert not HANGUL.search(text + html_of(mail))


@then("the password is reset and no token is issued")
def password_reset(response):
    """The response counts the sessions ended and carries nothing else."""
    assert response.status == 200, response.raw
    assert set(response.body) == {"sessions_ended"}


@then(parsers.re(r'(?P<name>\w+)\'s password is (?:still|now) "(?P<password>[^"]+)"'))
def password_is(api, cast, name, password):
    """The password is right: a member with a second factor is asked for it next."""
    response = log_in(api, cast[name].username, password)
    assert response.status == 403, response.raw
    assert response.body["error"]["code"] == "MFA_REQUIRED"


@then(parsers.parse('"{email}" receives no mail'))
def receives_nothing(names, mailbox, email):
    """Nothing arrives at that address."""
    assert mailbox.settled(address_of(names, email)) == []


@then(parsers.parse('"{email}" has received {count:d} reset mails in all'))
def received_count(names, mailbox, email, count):
    """Exactly so many reset mails arrived."""
    assert len(mailbox.settled(address_of(names, email), "reset")) == count


@then(parsers.parse('the address "{email}" is confirmed'))
def confirmed(names, response, email):
    """200, naming the member's address from now on."""
    assert response.status == 200, response.raw
    assert response.body == {"email": address_of(names, email)}


@then("the profile shows no address and none waiting")
def profile_without_address(response):
    """Both address fields are null."""
    assert (response.body["email"], response.body["email_pending"]) == (None, None)


@then(
    parsers.re(
        r"(?P<name>\w+)'s profile shows (?:no address|the address \"(?P<email>[^\"]+)\")"
        r'(?:,? with| and) (?:none waiting|"(?P<pending>[^"]+)" waiting for verification)'
    )
)
def profile_shows(api, names, cast, name, email, pending):
    """The member's profile holds the verified address and the one waiting, or nulls."""
    response = api.get("/me", token=signed_in(api, cast[name]).token)
    assert response.status == 200, response.raw
    expected = [address_of(names, value) if value else None for value in (email, pending)]
    assert [response.body["email"], response.body["email_pending"]] == expected


@then(parsers.parse("{count:d} sessions have ended and no token is issued"))
def sessions_ended(response, count):
    """The response counts the sessions ended and carries nothing else."""
    assert response.status == 200, response.raw
    assert response.body == {"sessions_ended": count}


@then(parsers.parse("{name}'s sessions are refused on both devices"))
def sessions_refused(api, cast, name):
    """Neither device's token opens the profile any more."""
    member = cast[name]
    for token in (member.token, member.other_device.token):
        assert api.get("/me", token=token).status == 401


@then(parsers.parse('the mail\'s link goes to "{url}" with the code out of sight of servers'))
def link_in_mail(names, mailbox, url):
    """The link is the setting's, the code in its fragment; the forged host appears nowhere."""
    mail = mailbox.wait_for(address_of(names, "jinho@example.com"), "reset")[-1]
    code = code_in(mail)
    assert f"{url}#code={code}" in text_of(mail).splitlines()
    assert f'href="{url}#code={code}"' in html_of(mail)
    assert "evil.example" not in mail.as_string()


## Helpers


def give_address(api, names, cast, name, email, password, extra=None):
    member = signed_in(api, cast[name])
    body = {"email": address_of(names, email), "password": password, **(extra or {})}
    return api.post("/me/email", body, token=member.token)


def confirm_with_mailed_code(api, names, mailbox, email):
    code = latest_code(mailbox, address_of(names, email), "verification")
    return api.post("/email/verify", {"code": code})


def reset_with_mailed_code(api, names, mailbox, password, email, kind, which=-1):
    code = latest_code(mailbox, address_of(names, email), kind, which)
    return api.post("/password/reset", {"code": code, "password": password})


def ask_for_reset(api, body, **kwargs):
    return api.post("/password/forgot", body, **kwargs)


def made_up_code(api, path, *, address=None):
    body = {"code": secrets.token_urlsafe(24)}
    if path == "/password/reset":
        body["password"] = DEFAULT_PASSWORD
    return api.post(path, body, address=address)


def headers_of(response) -> dict:
    return {
        name.lower(): value
        for name, value in response.headers.items()
        if name.lower() not in PER_RESPONSE
    }
