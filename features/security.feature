Feature: Refusing forged and tampered tokens
  A catalogue of what an attacker may do to a token. Each attempt is refused as
  INVALID_TOKEN: never let through, and never a server error. Servers' clocks may
  disagree by a few seconds, so up to 10 are forgiven for when a token was issued
  or becomes valid, but never for when it expires.

  Background:
    Given a member "jinho" who has logged in

  Scenario Outline: A token that cannot be trusted is refused
    When jinho asks for their profile with <token>
    Then the request is refused as INVALID_TOKEN

    Examples: Signatures that do not hold
      | token                                          |
      | a token whose algorithm is "none"              |
      | a token whose algorithm is "None"              |
      | a token signed with another key                |
      | a token altered after signing                  |
      | a token without its signature                  |
      | an expired token signed with another key       |
      | a token signed with a public key as its secret |

    Examples: Keys the token offers for checking itself
      | token                                                   |
      | a token carrying its own key in its header              |
      | a token naming an address to fetch its key from         |
      | a token naming an address to fetch its certificate from |

    @needs-signing-key
    Examples: Signed with the server's own key, yet not to be trusted
      | token                                                     |
      | a token relabelled RS256 and signed with the server's key |
      | a token relabelled ES256 and signed with the server's key |
      | a token signed with the server's key using HS512          |
      | a token naming a member who does not exist                |
      | a token naming its member by a number instead of text     |
      | a token naming a session that does not exist              |
      | a token without an expiry                                 |
      | a token without a subject                                 |
      | a token without an id                                     |
      | a token without a session                                 |
      | a token not valid until a minute from now                 |
      | a token issued a minute from now                          |
      | a 16 KB token signed with the server's key                |

    Examples: Malformed tokens and headers
      | token                                                |
      | their refresh token                                  |
      | a 16 KB token                                        |
      | a token with Korean letters in it                    |
      | a token with a tab in it                             |
      | two tokens in one header                             |
      | two tokens joined by a comma                         |
      | their token under the scheme "Token"                 |
      | their username and password under the scheme "Basic" |

    @needs-control-characters
    Examples: Characters that HTTP servers refuse before the API sees them
      | token                                  |
      | a token with an escape character in it |
      | a token with a NUL character in it     |

  Scenario Outline: A token signed with the service's own public key as a secret is refused
    The service's public keys are published for anyone. Used as an HMAC secret, one
    must not pass for the private key it belongs to: the key decides the algorithm.

    Given the service signs its tokens with a key pair
    When jinho asks for their profile with <token>
    Then the request is refused as INVALID_TOKEN

    Examples:
      | token                                                                     |
      | a token signed with the service's public key in PEM form as its secret    |
      | a token signed with the service's public key in JWK form as its secret    |
      | a token signed with the service's public key as its secret, naming no key |

  @needs-signing-key
  Scenario: A genuine token past its expiry is refused as expired, not as untrustworthy
    When jinho asks for their profile with a genuine token that expired a minute ago
    Then the request is refused as TOKEN_EXPIRED

  @needs-signing-key
  Scenario: A token from a server whose clock runs a few seconds ahead is accepted
    When jinho asks for their profile with a genuine token issued five seconds from now
    Then they see the profile of "jinho"

  Scenario Outline: The scheme name may be written in any case
    When jinho asks for their profile with their token under the scheme "<scheme>"
    Then they see the profile of "jinho"

    Examples:
      | scheme |
      | bearer |
      | BEARER |
      | bEaReR |

  Scenario Outline: A token built to exhaust the server's parser is refused wherever it is presented
    A header of a few kilobytes can nest thousands of levels deep: it is malformed,
    like any other token that cannot be read, and the server does not crash on it.

    When jinho <does something> with a token whose header is nested 2,500 levels deep
    Then the request is refused as INVALID_TOKEN

    Examples:
      | does something         |
      | asks for their profile |
      | refreshes their tokens |
      | logs out               |

  @needs-signing-key
  Scenario: A token whose signed claims are nested thousands of levels deep is refused
    When jinho asks for their profile with a token whose claims are nested 2,500 levels deep
    Then the request is refused as INVALID_TOKEN
