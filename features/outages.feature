@needs-outage
Feature: Honest responses while a part is down
  When a part the service depends on, the database or the limit counters, cannot be
  reached, the requests that need it wait with SERVICE_UNAVAILABLE and are told when to try again.
  Nothing is let through unchecked, and the health check names the part that is down,
  so a load balancer stops sending traffic until it is back.

  Background:
    Given a member "jinho" who has logged in

  Scenario: Logins wait while the limit counters are down
    Given the limit counters cannot be reached
    When "jinho" logs in with password "12341234"
    Then the request is refused as SERVICE_UNAVAILABLE
    And the response says when to try again

  Scenario: Sign-ups wait while the limit counters are down
    Given the limit counters cannot be reached
    When a visitor signs up as "mina" with password "12341234" and nickname "Mina"
    Then the request is refused as SERVICE_UNAVAILABLE

  Scenario: A member's request waits while the database is down
    Given the database cannot be reached
    When jinho asks for their profile
    Then the request is refused as SERVICE_UNAVAILABLE
    And the response says when to try again

  Scenario Outline: Every request that needs the database waits while it is down
    Given the database cannot be reached
    When jinho <request>
    Then the request is refused as SERVICE_UNAVAILABLE
    And the response says when to try again

    Examples:
      | request                                               |
      | refreshes their tokens                                |
      | logs out                                              |
      | logs out everywhere                                   |
      | changes their password to "a-better-one"              |
      | deletes their account giving the password "12341234" |
      | gives member 1 the roles ADMIN                        |
      | ends every session of member 1                        |
      | asks for a password reset                             |
      | resets their password with a code                     |
      | verifies an address with a code                       |
      | gives a new email address                             |
      | lists their sessions                                  |
      | starts adding an authenticator app                    |
      | confirms their authenticator app with code 123456     |
      | turns their authenticator app off with code 123456    |
      | replaces their recovery codes with code 123456        |
      | finishes a two-step login with code 123456            |
      | ends the session with id 7d0f3a52-5a8e-4c1e-9a57-2f0b8c1d9e34 |

  Scenario: The health check names the limit counters when they are down
    Given the limit counters cannot be reached
    When a load balancer checks the service's health
    Then the service reports "redis" as unreachable and "database" as ok

  Scenario: The health check names the database when it is down
    Given the database cannot be reached
    When a load balancer checks the service's health
    Then the service reports "database" as unreachable

  Scenario: Logins work again once the limit counters are back
    Given the limit counters were down for a while and are back
    When "jinho" logs in with password "12341234"
    Then they receive a token
