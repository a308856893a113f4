Feature: Error messages in the client's language
  Messages are in Korean unless the client asks for English. The code a client
  acts on is the same in every language; only the words for people change.

  Background:
    Given a member "jinho" who has logged in

  Scenario Outline: Every refusal is worded in the language the client reads
    When a client who reads <language> <does something refused>
    Then the request is refused as <code> in <language>

    Examples: Refusals any client can meet
      | language | does something refused                               | code                   |
      | English  | signs up with a taken name                           | USER_ALREADY_EXISTS    |
      | Korean   | signs up with a taken name                           | USER_ALREADY_EXISTS    |
      | English  | signs up with no password                            | VALIDATION_ERROR       |
      | Korean   | signs up with no password                            | VALIDATION_ERROR       |
      | English  | logs in with a wrong password                        | INVALID_CREDENTIALS    |
      | Korean   | logs in with a wrong password                        | INVALID_CREDENTIALS    |
      | English  | asks for a profile without a token                   | TOKEN_NOT_FOUND        |
      | Korean   | asks for a profile without a token                   | TOKEN_NOT_FOUND        |
      | English  | asks for a profile with a forged token               | INVALID_TOKEN          |
      | Korean   | asks for a profile with a forged token               | INVALID_TOKEN          |
      | English  | changes a member's roles without being an administrator | ACCESS_DENIED       |
      | Korean   | changes a member's roles without being an administrator | ACCESS_DENIED       |
      | English  | asks for a page that does not exist                  | NOT_FOUND              |
      | Korean   | asks for a page that does not exist                  | NOT_FOUND              |
      | English  | reads the sign-up form instead of posting it         | METHOD_NOT_ALLOWED     |
      | Korean   | reads the sign-up form instead of posting it         | METHOD_NOT_ALLOWED     |
      | English  | signs up with form data instead of JSON              | UNSUPPORTED_MEDIA_TYPE |
      | Korean   | signs up with form data instead of JSON              | UNSUPPORTED_MEDIA_TYPE |
      | English  | signs up with a body over the size limit             | PAYLOAD_TOO_LARGE      |
      | Korean   | signs up with a body over the size limit             | PAYLOAD_TOO_LARGE      |
      | English  | names a host that cannot exist                       | BAD_REQUEST            |
      | Korean   | names a host that cannot exist                       | BAD_REQUEST            |

    @needs-clock
    Examples: Refusals that take time to meet
      | language | does something refused                               | code                   |
      | English  | asks for a profile with a token past its lifetime    | TOKEN_EXPIRED          |
      | Korean   | asks for a profile with a token past its lifetime    | TOKEN_EXPIRED          |
      | English  | logs in again after too many wrong passwords         | TOO_MANY_REQUESTS      |
      | Korean   | logs in again after too many wrong passwords         | TOO_MANY_REQUESTS      |

    @needs-operator
    Examples: Refusals only an administrator can meet
      | language | does something refused                               | code                   |
      | English  | gives roles, as an administrator, to nobody          | USER_NOT_FOUND         |
      | Korean   | gives roles, as an administrator, to nobody          | USER_NOT_FOUND         |

  Scenario Outline: The reasons given for invalid input follow the language too
    When a client who reads <language> <does something refused>
    Then the request is refused as VALIDATION_ERROR in <language>
    And the <part> is refused because "<reason>"

    Examples:
      | language | does something refused                 | part     | reason                                  |
      | English  | signs up with no password              | password | This field is required.                 |
      | Korean   | signs up with no password              | password | 이 필드는 필수 항목입니다.              |
      | English  | signs up with a number as the username | username | Must be a string.                       |
      | Korean   | signs up with a number as the username | username | 문자열이어야 합니다.                    |
      | English  | signs up with a body that is not JSON  | body     | The request body is not valid JSON.     |
      | Korean   | signs up with a body that is not JSON  | body     | 요청 본문이 올바른 JSON 형식이 아닙니다. |

  Scenario Outline: The client's stated preferences decide the language
    When a client whose languages are "<preferences>" logs in with a wrong password
    Then the request is refused as INVALID_CREDENTIALS in <language>

    Examples:
      | preferences     | language |
      | ko-KR           | Korean   |
      | en-US           | English  |
      | en-GB, en;q=0.9 | English  |
      | fr, en;q=0.5    | English  |
      | ko, en;q=0.9    | Korean   |
      | en;q=0.1, ko    | Korean   |
      | fr              | Korean   |
      | *               | Korean   |

  Scenario: A client that states no preference reads Korean
    When a client who states no language logs in with a wrong password
    Then the request is refused as INVALID_CREDENTIALS in Korean
