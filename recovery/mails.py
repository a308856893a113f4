"""The words of each mail: plain text plus HTML, in the active language, with no tracking.

Rendered when the mail is written to the outbox, so it is in the language of the
request that caused it. A code stands alone on its own line of the text part.
A link, when the client's app has a page for it, is built from the setting alone
(never from the request's Host) and carries the code in its fragment, which
browsers send to no server and put in no Referer.
"""

from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str


IGNORE_IF_NOT_YOU = "요청하지 않았다면 이 메일을 무시하세요. 아무것도 바뀌지 않습니다."


def verification(*, username: str, code: str) -> Rendered:
    hours = settings.EMAIL_VERIFY_CODE_LIFETIME // 3600 or 1
    return _render(
        _("이메일 주소를 확인해 주세요"),
        username,
        [
            _(
                "아래 코드로 이 이메일 주소가 본인의 것임을 확인해 주세요. 코드는 %(hours)d시간 동안 유효합니다."
            )
            % {"hours": hours}
        ],
        code=code,
        link_base=settings.EMAIL_VERIFY_URL,
        after=[_(IGNORE_IF_NOT_YOU)],
    )


def reset(*, username: str, code: str) -> Rendered:
    minutes = settings.PASSWORD_RESET_CODE_LIFETIME // 60
    return _render(
        _("비밀번호 재설정"),
        username,
        [
            _(
                "계정의 비밀번호 재설정이 요청되었습니다. 아래 코드로 새 비밀번호를 정하세요. 코드는 %(minutes)d분 동안 유효합니다."
            )
            % {"minutes": minutes}
        ],
        code=code,
        link_base=settings.PASSWORD_RESET_URL,
        after=[_(IGNORE_IF_NOT_YOU)],
    )


def password_changed(*, username: str) -> Rendered:
    return _render(
        _("비밀번호가 변경되었습니다"),
        username,
        [
            _("계정의 비밀번호가 변경되었고, 다른 기기의 로그인은 모두 종료되었습니다."),
            _("본인이 변경하지 않았다면 지금 바로 비밀번호를 재설정하세요."),
        ],
    )


def email_changed(*, username: str, new_email: str) -> Rendered:
    return _render(
        _("이메일 주소가 변경되었습니다"),
        username,
        [
            _(
                "계정의 이메일 주소가 %(address)s(으)로 변경되었습니다. 이 주소로는 더 이상 메일을 보내지 않습니다."
            )
            % {"address": masked(new_email)},
            _("본인이 변경하지 않았다면 지금 바로 비밀번호를 재설정하세요."),
        ],
    )


def recovery_code_used(*, username: str, remaining: int) -> Rendered:
    return _render(
        _("복구 코드가 사용되었습니다"),
        username,
        [
            _("계정에서 복구 코드 하나가 사용되었습니다. 남은 복구 코드는 %(count)d개입니다.")
            % {"count": remaining},
            _(
                "본인이 사용하지 않았다면 지금 바로 비밀번호를 재설정하고 복구 코드를 새로 받으세요."
            ),
        ],
    )


def masked(address: str) -> str:
    """Enough of an address for its owner to recognise it: `j***@example.com`."""
    local, _at, domain = address.rpartition("@")
    return f"{local[:1]}***@{domain}"


def link(base: str, code: str) -> str:
    scheme, netloc, path, query, _fragment = urlsplit(base)
    return urlunsplit((scheme, netloc, path, query, f"code={code}"))


def _render(title, username, before, *, code="", link_base="", after=()) -> Rendered:
    product = settings.MAIL_PRODUCT_NAME
    context = {
        "product": product,
        "title": title,
        "greeting": _("%(username)s님, 안녕하세요.") % {"username": username},
        "before": before,
        "code": code,
        "link": link(link_base, code) if code and link_base else "",
        "link_label": _("또는 이 링크를 여세요:"),
        "after": list(after),
        "language": get_language() or settings.LANGUAGE_CODE,
    }
    return Rendered(
        subject=f"[{product}] {title}",
        text=render_to_string("recovery/mail.txt", context),
        html=render_to_string("recovery/mail.html", context),
    )
