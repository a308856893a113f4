"""The contract's errors as the scenarios expect them: the steps' own copy.

Never imported from the code it checks, nor read from its translation catalogue.
"""

# Each code's HTTP status, then its message in Korean (the default) and in English.
ERRORS = {
    "BAD_REQUEST": (400, "잘못된 요청입니다.", "The request is not valid."),
    "USER_ALREADY_EXISTS": (409, "이미 가입된 사용자입니다.", "This user is already registered."),
    "VALIDATION_ERROR": (400, "입력값이 올바르지 않습니다.", "The input is not valid."),
    "INVALID_CREDENTIALS": (
        401,
        "아이디 또는 비밀번호가 올바르지 않습니다.",
        "The username or password is incorrect.",
    ),
    "TOKEN_NOT_FOUND": (401, "토큰이 없습니다.", "No token was provided."),
    "TOKEN_EXPIRED": (401, "토큰이 만료되었습니다.", "The token has expired."),
    "INVALID_TOKEN": (401, "토큰이 유효하지 않습니다.", "The token is not valid."),
    "ACCESS_DENIED": (
        403,
        "관리자 권한이 필요한 요청입니다. 접근 권한이 없습니다.",
        "This request needs administrator rights. Access is denied.",
    ),
    "HTTPS_REQUIRED": (
        403,
        "HTTPS로 요청해 주세요. 암호화되지 않은 HTTP 요청은 받지 않습니다.",
        "Please use HTTPS. Plain HTTP requests are refused.",
    ),
    "USER_NOT_FOUND": (404, "사용자를 찾을 수 없습니다.", "The user was not found."),
    "NOT_FOUND": (404, "요청한 경로를 찾을 수 없습니다.", "The requested path was not found."),
    "METHOD_NOT_ALLOWED": (405, "허용되지 않은 메서드입니다.", "This method is not allowed."),
    "PAYLOAD_TOO_LARGE": (413, "요청 본문이 너무 큽니다.", "The request body is too large."),
    "UNSUPPORTED_MEDIA_TYPE": (
        415,
        "지원하지 않는 콘텐츠 형식입니다. application/json으로 보내 주세요.",
        "Unsupported content type. Please send application/json.",
    ),
    # 400 for a code from a mail (an input), 401 for a second-factor code (a credential).
    "INVALID_CODE": ((400, 401), "코드가 올바르지 않습니다.", "The code is not valid."),
    "CODE_EXPIRED": (
        400,
        "코드가 만료되었습니다. 새 코드를 요청해 주세요.",
        "The code has expired. Please ask for a new one.",
    ),
    "EMAIL_ALREADY_IN_USE": (
        409,
        "다른 회원이 이미 사용하고 있는 이메일 주소입니다.",
        "Another member already uses this email address.",
    ),
    "TOO_MANY_REQUESTS": (
        429,
        "요청이 너무 많습니다. 잠시 후 다시 시도해 주세요.",
        "Too many requests. Please try again later.",
    ),
    "MFA_REQUIRED": (403, "2단계 인증이 필요합니다.", "A second factor is required."),
    "SESSION_NOT_FOUND": (404, "세션을 찾을 수 없습니다.", "The session was not found."),
    "MFA_ALREADY_ENABLED": (
        409,
        "2단계 인증이 이미 켜져 있습니다.",
        "A second factor is already on.",
    ),
    "MFA_NOT_ENABLED": (409, "2단계 인증이 켜져 있지 않습니다.", "No second factor is on."),
    "MFA_ENROLMENT_NOT_STARTED": (
        409,
        "2단계 인증 등록을 먼저 시작해 주세요.",
        "Start adding a second factor first.",
    ),
    "SERVICE_UNAVAILABLE": (
        503,
        "서비스를 일시적으로 사용할 수 없습니다.",
        "The service is temporarily unavailable.",
    ),
}
# A language as the scenarios name it: its Accept-Language tag, and its place in ERRORS.
LANGUAGES = {"Korean": ("ko", 1), "English": ("en", 2)}


def assert_refused(response, code: str, language: str = "Korean") -> None:
    """The response is the contract's error for `code`, in the envelope, worded in `language`."""
    status, message = ERRORS[code][0], ERRORS[code][LANGUAGES[language][1]]
    statuses = status if isinstance(status, tuple) else (status,)
    assert response.status in statuses, (response.status, response.raw)
    status = response.status
    assert response.content_type == "application/json"
    assert response.body["error"]["code"] == code
    assert response.body["error"]["message"] == message
    if status == 401:
        assert response.headers["WWW-Authenticate"].startswith("Bearer ")
