Feature: A second factor
  A member may add an authenticator app (TOTP, RFC 6238) as a second factor. From then
  on a stolen password is not enough: logging in, and the actions that matter, also
  need a code from the app, or one of the recovery codes shown when it was turned on.
  Codes change every 30 seconds: scenarios that use them run on a clock of their own.

  Background:
    Given a member "jinho" who has logged in

  Scenario: Starting shows a secret for the app and turns nothing on yet
    When jinho starts adding an authenticator app
    Then they receive a secret and an otpauth link for it
    And "jinho" can log in with password "12341234"

  Scenario: Starting needs the member's password
    When jinho starts adding an authenticator app with the password "wrong-password"
    Then the request is refused as INVALID_CREDENTIALS

  @needs-clock
  Scenario: A code from the app turns the second factor on and shows ten recovery codes
    Given jinho has started adding an authenticator app
    When jinho confirms the app with the code it shows
    Then they receive ten different recovery codes
    And jinho's profile says the second factor is on with 10 recovery codes left

  Scenario: The profile of a member without a second factor is as it always was
    When jinho asks for their profile
    Then the profile says nothing of a second factor

  Scenario: A wrong code does not turn the second factor on
    Given jinho has started adding an authenticator app
    When jinho confirms the app with a wrong code
    Then the request is refused as INVALID_CODE

  Scenario: An app that was never added cannot be confirmed
    When jinho confirms the app with a wrong code
    Then the request is refused as MFA_ENROLMENT_NOT_STARTED

  @needs-clock
  Scenario: A second app cannot be added while one is on
    Given jinho has turned on a second factor
    When jinho starts adding an authenticator app
    Then the request is refused as MFA_ALREADY_ENABLED

  @needs-clock
  Scenario: With a second factor on, the password alone gives no tokens
    Given jinho has turned on a second factor
    When "jinho" logs in with password "12341234"
    Then a second factor is asked for, within five minutes, and no token is given

  Scenario: A login without a second factor says it used the password only
    When "jinho" logs in with password "12341234"
    Then the tokens say the login used the password only

  @needs-clock
  Scenario: The code from the app finishes the login
    Given jinho has turned on a second factor
    And jinho has given their password to log in
    When jinho finishes logging in with the code the app shows
    Then the tokens say the login used the password and a one-time code

  @needs-clock
  Scenario: A recovery code finishes the login, once
    Given jinho has turned on a second factor
    And jinho has given their password to log in
    When jinho finishes logging in with a recovery code
    Then the tokens say the login used the password and a one-time code
    And jinho's profile says the second factor is on with 9 recovery codes left

  @needs-clock
  Scenario: A wrong code does not finish the login
    Given jinho has turned on a second factor
    And jinho has given their password to log in
    When jinho finishes logging in with a wrong code
    Then the request is refused as INVALID_CODE

  @needs-clock
  Scenario: A code is accepted from the step before or after, for clocks that drift
    Given jinho has turned on a second factor
    And jinho has given their password to log in
    When jinho finishes logging in with the code the app showed 30 seconds ago
    Then the tokens say the login used the password and a one-time code

  @needs-clock
  Scenario: A code older than one step is refused
    Given jinho has turned on a second factor
    And jinho has given their password to log in
    When jinho finishes logging in with the code the app showed 60 seconds ago
    Then the request is refused as INVALID_CODE

  # Attacks

  @needs-clock
  Scenario: A code from the app works only once, even within its 30 seconds
    Given jinho has turned on a second factor
    And jinho has logged in with the code the app shows
    And jinho has given their password to log in
    When jinho finishes logging in with the code they just used
    Then the request is refused as INVALID_CODE

  @needs-clock
  Scenario: A half-login finishes only once
    Given jinho has turned on a second factor
    And jinho has logged in with the code the app shows
    When jinho finishes that same login again with the next code
    Then the request is refused as INVALID_TOKEN

  @needs-clock
  Scenario: A half-login lasts five minutes
    Given jinho has turned on a second factor
    And jinho has given their password to log in
    And five minutes have passed
    When jinho finishes logging in with the code the app shows
    Then the request is refused as TOKEN_EXPIRED

  @needs-clock
  Scenario: One member's half-login cannot be finished with another member's app
    Given jinho has turned on a second factor
    And a member "mina" who has logged in
    And mina has turned on a second factor
    And jinho has given their password to log in
    When jinho's login is finished with the code mina's app shows
    Then the request is refused as INVALID_CODE

  @needs-clock
  Scenario: A half-login dies after five wrong codes
    Given jinho has turned on a second factor
    And jinho has given their password to log in
    And jinho has sent 5 wrong codes to finish logging in
    When jinho finishes logging in with the code the app shows
    Then the request is refused as INVALID_TOKEN

  @needs-clock
  Scenario: Guessing codes over several half-logins meets the login limit
    Given jinho has turned on a second factor
    And jinho has given their password to log in on two devices
    And jinho has sent 5 wrong codes to finish logging in
    When jinho finishes the login on the other device with a wrong code
    Then the request is refused as TOO_MANY_REQUESTS
    And the response says when to try again

  @needs-clock
  Scenario: After too many wrong codes the password cannot start another half-login
    Given jinho has turned on a second factor
    And jinho has given their password to log in
    And jinho has sent 5 wrong codes to finish logging in
    When "jinho" logs in with password "12341234"
    Then the request is refused as TOO_MANY_REQUESTS

  @needs-clock
  Scenario Outline: After too many wrong codes, second-factor settings wait too
    Given jinho has turned on a second factor
    And jinho has given their password to log in
    And jinho has sent 5 wrong codes to finish logging in
    When jinho <changes a setting>
    Then the request is refused as TOO_MANY_REQUESTS

    Examples:
      | changes a setting                                                        |
      | turns the second factor off with the password and the code the app shows |
      | replaces their recovery codes with the code the app shows                |

  Scenario: Confirming the app with guessed codes meets the login limit
    Given jinho has started adding an authenticator app
    And jinho has sent 5 wrong codes to confirm the app
    When jinho confirms the app with the code it shows
    Then the request is refused as TOO_MANY_REQUESTS

  Scenario: After guessed codes, adding an authenticator app waits too
    Given jinho has started adding an authenticator app
    And jinho has sent 5 wrong codes to confirm the app
    When jinho starts adding an authenticator app
    Then the request is refused as TOO_MANY_REQUESTS

  @needs-clock
  Scenario: A half-login token does not open the profile
    Given jinho has turned on a second factor
    And jinho has given their password to log in
    When jinho asks for their profile presenting the half-login token
    Then the request is refused as INVALID_TOKEN

  @needs-clock
  Scenario: A half-login dies when the password changes before it finishes
    Given jinho has turned on a second factor
    And jinho has given their password to log in
    And jinho has changed their password with a code from the app
    When jinho finishes logging in with the code the app shows
    Then the request is refused as INVALID_TOKEN

  @needs-clock
  Scenario: A recovery code works only once
    Given jinho has turned on a second factor
    And jinho has logged in with a recovery code
    And jinho has given their password to log in
    When jinho finishes logging in with the recovery code they just used
    Then the request is refused as INVALID_CODE

  @needs-clock
  Scenario: Turning the second factor off needs a code, not the password alone
    Given jinho has turned on a second factor
    When jinho turns the second factor off with the password alone
    Then the request is refused as MFA_REQUIRED

  @needs-clock
  Scenario: Turning the second factor off with a wrong code is refused
    Given jinho has turned on a second factor
    When jinho turns the second factor off with the password and a wrong code
    Then the request is refused as INVALID_CODE

  @needs-clock
  Scenario: Turning the second factor off with the password and a code
    Given jinho has turned on a second factor
    When jinho turns the second factor off with the password and the code the app shows
    Then the profile says nothing of a second factor
    And "jinho" can log in with password "12341234"

  Scenario: A second factor that is off cannot be turned off
    When jinho turns the second factor off with the password and a wrong code
    Then the request is refused as MFA_NOT_ENABLED

  @needs-clock
  Scenario: Recovery codes can be replaced with a code from the app
    Given jinho has turned on a second factor
    When jinho replaces their recovery codes with the code the app shows
    Then they receive ten different recovery codes

  @needs-clock
  Scenario: Replaced recovery codes stop working
    Given jinho has turned on a second factor
    And jinho has replaced their recovery codes
    And jinho has given their password to log in
    When jinho finishes logging in with one of the old recovery codes
    Then the request is refused as INVALID_CODE

  @needs-clock
  Scenario Outline: Replacing recovery codes needs a right code and a second factor
    Given <state>
    When jinho replaces their recovery codes with <code>
    Then the request is refused as <refusal>

    Examples:
      | state                               | code         | refusal         |
      | jinho has turned on a second factor | no code      | MFA_REQUIRED    |
      | jinho has turned on a second factor | a wrong code | INVALID_CODE    |
      | jinho has logged out everywhere     | a wrong code | INVALID_TOKEN   |
      | jinho has not added an app          | a wrong code | MFA_NOT_ENABLED |

  # Step-up: what matters needs the second factor too

  @needs-clock
  Scenario Outline: What matters needs a code from a member with a second factor
    Given jinho has turned on a second factor
    When jinho <does what matters> <with what>
    Then the request is refused as <refusal>

    Examples:
      | does what matters            | with what         | refusal      |
      | changes their password       | without a code    | MFA_REQUIRED |
      | changes their password       | with a wrong code | INVALID_CODE |
      | deletes their account        | without a code    | MFA_REQUIRED |
      | deletes their account        | with a wrong code | INVALID_CODE |

  @needs-clock
  Scenario Outline: What matters is done with a code from the app
    Given jinho has turned on a second factor
    When jinho <does what matters> with the code the app shows
    Then it is done

    Examples:
      | does what matters      |
      | changes their password |
      | deletes their account  |

  @needs-clock
  Scenario Outline: A mistyped password does not spend the code sent with it
    Given jinho has turned on a second factor
    When jinho <does what matters> with a recovery code and a wrong password
    Then the request is refused as INVALID_CREDENTIALS
    And jinho's profile says the second factor is on with 10 recovery codes left

    Examples:
      | does what matters      |
      | changes their password |
      | deletes their account  |

  Scenario Outline: Bodies the API cannot read are refused before any second-factor check
    When jinho <does something> sending <a body>
    Then the request is refused as <code>

    Examples:
      | does something                    | a body                     | code                   |
      | starts adding an authenticator app | form data instead of JSON | UNSUPPORTED_MEDIA_TYPE |
      | starts adding an authenticator app | a body over the size limit | PAYLOAD_TOO_LARGE     |
      | confirms the app                  | form data instead of JSON  | UNSUPPORTED_MEDIA_TYPE |
      | confirms the app                  | a body over the size limit | PAYLOAD_TOO_LARGE      |
      | turns the second factor off       | form data instead of JSON  | UNSUPPORTED_MEDIA_TYPE |
      | turns the second factor off       | a body over the size limit | PAYLOAD_TOO_LARGE      |
      | replaces their recovery codes     | form data instead of JSON  | UNSUPPORTED_MEDIA_TYPE |
      | replaces their recovery codes     | a body over the size limit | PAYLOAD_TOO_LARGE      |
      | finishes logging in               | form data instead of JSON  | UNSUPPORTED_MEDIA_TYPE |
      | finishes logging in               | a body over the size limit | PAYLOAD_TOO_LARGE      |
      | starts adding an authenticator app | a number as the password  | VALIDATION_ERROR       |
      | confirms the app                  | a number as the code       | VALIDATION_ERROR       |
      | turns the second factor off       | a number as the code       | VALIDATION_ERROR       |
      | replaces their recovery codes     | a number as the code       | VALIDATION_ERROR       |
      | finishes logging in               | a number as the code       | VALIDATION_ERROR       |

  Scenario Outline: Second-factor settings need a token
    When someone <does something> without a token
    Then the request is refused as TOKEN_NOT_FOUND

    Examples:
      | does something                     |
      | starts adding an authenticator app |
      | confirms the app                   |
      | turns the second factor off        |
      | replaces their recovery codes      |

  # Administrators

  @needs-operator @needs-setting-change
  Scenario: Where administrators must use a second factor, a password-only login cannot change roles
    Given administrators must use a second factor
    And an administrator "root" who has logged in with the password alone
    When root makes jinho an administrator
    Then the request is refused as MFA_REQUIRED

  @needs-operator @needs-setting-change @needs-clock
  Scenario: Where administrators must use a second factor, a login with one can change roles
    Given administrators must use a second factor
    And an administrator "root" who has logged in with a second factor
    When root makes jinho an administrator
    Then it is done

  @needs-operator
  Scenario: By default an administrator's password-only login can change roles
    Given an administrator "root" who has logged in with the password alone
    When root makes jinho an administrator
    Then it is done
