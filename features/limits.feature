Feature: Resisting password guessing
  Failed password checks are counted in windows of 15 minutes under three limits:
  5 for one username from one address, 20 for one address over any usernames, and
  100 for one username from all addresses together. Past a limit the client waits
  until the window ends, so nobody is held back for longer. A client that is already
  refused spends nothing of anyone's allowance, so one address can never keep a
  member from logging in from another: locking a member out everywhere takes at
  least 20 addresses. Sign-ups: 20 per address every hour.

  Background:
    Given a member "jinho" with password "12341234"

  @needs-clock
  Scenario: Four failures still leave room for the right password
    Given someone has tried 4 wrong passwords for "jinho"
    When "jinho" logs in with password "12341234"
    Then they receive a token

  @needs-clock
  Scenario: Past the limit even the right password must wait
    Given someone has tried 5 wrong passwords for "jinho"
    When "jinho" logs in with password "12341234"
    Then the request is refused as TOO_MANY_REQUESTS
    And the response says when to try again

  @needs-clock
  Scenario: Capitals and spaces do not make a fresh username to guess against
    Given someone has tried 3 wrong passwords for "JINHO"
    And someone has tried 2 wrong passwords for "  Jinho  "
    When "jinho" logs in with password "12341234"
    Then the request is refused as TOO_MANY_REQUESTS

  @needs-clock
  Scenario: The limit lifts when the window has passed
    Given someone has tried 5 wrong passwords for "jinho"
    And 15 minutes have passed
    When "jinho" logs in with password "12341234"
    Then they receive a token

  @needs-clock
  Scenario: A successful login clears the failures of that username
    Given someone has tried 4 wrong passwords for "jinho"
    And "jinho" has logged in successfully
    And someone has tried 4 wrong passwords for "jinho"
    When "jinho" logs in with password "12341234"
    Then they receive a token

  @needs-clock
  Scenario Outline: Past the limit, the password cannot be confirmed to change it or to leave either
    Given "jinho" has logged in successfully
    And someone has tried 5 wrong passwords for "jinho"
    When jinho <gives their password>
    Then the request is refused as TOO_MANY_REQUESTS

    Examples:
      | gives their password                                 |
      | changes their password to "new-password-1"           |
      | deletes their account giving the password "12341234" |

  @needs-clock
  Scenario: One address cannot guess across many usernames
    Given someone has tried 20 wrong passwords spread over many usernames
    When "jinho" logs in with password "12341234"
    Then the request is refused as TOO_MANY_REQUESTS

  @needs-clock @needs-client-address
  Scenario: Another address is not held back by one address's failures
    Given someone has tried 20 wrong passwords spread over many usernames
    When "jinho" logs in with password "12341234" from another address
    Then they receive a token

  @needs-clock @needs-client-address
  Scenario: An attacker at one address cannot lock a member out
    Given an attacker at one address has tried 50 wrong passwords for "jinho"
    When "jinho" logs in with password "12341234" from another address
    Then they receive a token

  @needs-clock @needs-client-address
  Scenario: Many addresses together are limited on one member
    Given 20 addresses have each tried 5 wrong passwords for "jinho"
    When "jinho" logs in with password "12341234" from another address
    Then the request is refused as TOO_MANY_REQUESTS

  @needs-clock @needs-client-address
  Scenario: One host spraying from many addresses of its IPv6 network is one address
    One host is commonly given a whole IPv6 /64, and may pick any address in it.

    Given someone has tried 20 wrong passwords from as many addresses of one IPv6 /64
    When "jinho" logs in with password "12341234" from yet another address of that /64
    Then the request is refused as TOO_MANY_REQUESTS

  @needs-clock @needs-client-address
  Scenario: Addresses of one IPv6 network cannot lock a member out
    Given 20 addresses of one IPv6 /64 have each tried 5 wrong passwords for "jinho"
    When "jinho" logs in with password "12341234" from another address
    Then they receive a token

  @needs-clock @needs-client-address
  Scenario: A neighbouring IPv6 network is not held back
    Given someone has tried 20 wrong passwords from as many addresses of one IPv6 /64
    When "jinho" logs in with password "12341234" from the next IPv6 /64
    Then they receive a token

  @needs-clock @needs-client-address
  Scenario: A refused attacker spends nothing of the member's allowance
    Given 19 addresses have each tried 5 wrong passwords for "jinho"
    And an attacker at one address has been refused after guessing across many usernames
    And that attacker has tried 30 wrong passwords for "jinho"
    When "jinho" logs in with password "12341234" from another address
    Then they receive a token

  @needs-clock @needs-client-address
  Scenario: A member's count survives a flood of other usernames
    Given someone has tried 5 wrong passwords for "jinho"
    And a flood of 400 failed logins for other usernames has come from another address
    When "jinho" logs in with password "12341234"
    Then the request is refused as TOO_MANY_REQUESTS

  @needs-live-server
  Scenario Outline: Guesses sent together are counted exactly
    When someone sends <guesses> wrong passwords for "jinho" at the same moment
    Then exactly 5 of them are checked and the rest are refused as TOO_MANY_REQUESTS

    Examples:
      | guesses |
      | 20      |
      | 50      |

  @needs-clock
  Scenario: Sign-ups from one address are limited
    Given 19 more visitors have signed up from the address jinho signed up from
    When another visitor signs up from that address
    Then the request is refused as TOO_MANY_REQUESTS
