@needs-clock
Feature: Resisting password guessing
  Repeated failed logins slow an attacker down without locking anyone out for
  longer than the window. Limits: 5 failures per username and 20 per address
  every 15 minutes; 20 sign-ups per address every hour.

  Background:
    Given a member "jinho" with password "12341234"

  Scenario: Four failures still leave room for the right password
    Given someone has tried 4 wrong passwords for "jinho"
    When "jinho" logs in with password "12341234"
    Then they receive a token

  Scenario: Past the limit even the right password must wait
    Given someone has tried 5 wrong passwords for "jinho"
    When "jinho" logs in with password "12341234"
    Then the request is refused as TOO_MANY_REQUESTS
    And the response says when to try again

  Scenario: Capitals and spaces do not make a fresh username to guess against
    Given someone has tried 3 wrong passwords for "JINHO"
    And someone has tried 2 wrong passwords for "  Jinho  "
    When "jinho" logs in with password "12341234"
    Then the request is refused as TOO_MANY_REQUESTS

  Scenario: The limit lifts when the window has passed
    Given someone has tried 5 wrong passwords for "jinho"
    And 15 minutes have passed
    When "jinho" logs in with password "12341234"
    Then they receive a token

  Scenario: A successful login clears the failures of that username
    Given someone has tried 4 wrong passwords for "jinho"
    And "jinho" has logged in successfully
    And someone has tried 4 wrong passwords for "jinho"
    When "jinho" logs in with password "12341234"
    Then they receive a token

  Scenario Outline: Past the limit, the password cannot be confirmed to change it or to leave either
    Given "jinho" has logged in successfully
    And someone has tried 5 wrong passwords for "jinho"
    When jinho <gives their password>
    Then the request is refused as TOO_MANY_REQUESTS

    Examples:
      | gives their password                                 |
      | changes their password to "new-password-1"           |
      | deletes their account giving the password "12341234" |

  Scenario: One address cannot guess across many usernames
    Given someone has tried 20 wrong passwords spread over many usernames
    When "jinho" logs in with password "12341234"
    Then the request is refused as TOO_MANY_REQUESTS

  @needs-client-address
  Scenario: Another address is not held back by one address's failures
    Given someone has tried 20 wrong passwords spread over many usernames
    When "jinho" logs in with password "12341234" from another address
    Then they receive a token

  Scenario: Sign-ups from one address are limited
    Given 19 more visitors have signed up from the address jinho signed up from
    When another visitor signs up from that address
    Then the request is refused as TOO_MANY_REQUESTS
