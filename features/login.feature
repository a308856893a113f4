Feature: Logging in
  A member proves who they are with their username and password and receives a token.
  A failed login never reveals whether the username exists.

  Background:
    Given a member "JIN HO" with password "12341234"

  Scenario: A member logs in with the right password
    When "JIN HO" logs in with password "12341234"
    Then they receive a token
    And the token opens the profile of "JIN HO"

  Scenario Outline: The username matches whatever its capitals or surrounding spaces
    When <username> logs in with password "12341234"
    Then they receive a token

    Examples:
      | username     |
      | "jin ho"     |
      | "  Jin Ho  " |

  Scenario: A wrong password is refused
    When "JIN HO" logs in with password "wrong-password"
    Then the request is refused as INVALID_CREDENTIALS

  Scenario: An unknown username is refused
    When "nobody" logs in with password "12341234"
    Then the request is refused as INVALID_CREDENTIALS

  Scenario: A wrong password and an unknown username cannot be told apart
    When someone tries a wrong password for "JIN HO" and any password for "nobody"
    Then both responses are identical

  Scenario: The token is not kept by caches
    When "JIN HO" logs in with password "12341234"
    Then the response may not be stored by any cache

  Scenario Outline: Login details that break the rules are refused
    When someone logs in with <problem>
    Then the request is refused as VALIDATION_ERROR about the <field>

    Examples:
      | problem                   | field    |
      | no username               | username |
      | no password               | password |
      | a blank password          | password |
      | a number as the password  | password |
      | a list as the username    | username |

  Scenario: A passphrase of the greatest length logs in
    Given a member "mina" whose password is a passphrase of 128 characters
    When mina logs in with their password
    Then they receive a token

  Scenario Outline: Only the password exactly as it was chosen logs in
    Spaces at either end, capitals and every character count: nothing is trimmed,
    folded or cut short before the password is checked.

    Given a member "mina" whose password is a passphrase of 128 characters
    When mina logs in with <a changed password>
    Then the request is refused as INVALID_CREDENTIALS

    Examples:
      | a changed password                          |
      | their password without the spaces around it |
      | their password in small letters             |
      | the first 64 characters of their password   |
      | the first 72 characters of their password   |

  @needs-clock
  Scenario: A member is never made to change their password because time has passed
    Given a year has passed since "JIN HO" signed up
    When "JIN HO" logs in with password "12341234"
    Then they receive a token
