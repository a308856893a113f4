Feature: Keeping and ending sessions
  A login starts a session. Its short-lived access token is refreshed with a refresh
  token that works once; the member can end one session or all of them at once.

  Background:
    Given a member "jinho" who has logged in

  Scenario: A login explains how to use and refresh the token
    When "jinho" logs in with password "12341234"
    Then the response offers a Bearer access token, its lifetime and a refresh token

  Scenario: A refresh token buys a new pair of tokens
    When jinho refreshes their tokens
    Then they receive a new access token and a new refresh token
    And the new access token opens the profile of "jinho"

  Scenario: A refresh token works only once
    Given jinho has refreshed their tokens
    When jinho refreshes their tokens with the refresh token already spent
    Then the request is refused as INVALID_TOKEN

  Scenario: Replaying a spent refresh token ends the whole session
    Given jinho has refreshed their tokens
    And someone has replayed jinho's spent refresh token
    When jinho refreshes their tokens with the newest refresh token
    Then the request is refused as INVALID_TOKEN

  Scenario: Replaying a spent refresh token locks out the access token of that session
    Given jinho has refreshed their tokens
    And someone has replayed jinho's spent refresh token
    When jinho asks for their profile
    Then the request is refused as INVALID_TOKEN

  @needs-clock
  Scenario: A refresh token is honoured until the last second of its lifetime
    Given jinho's refresh token expires in one second
    When jinho refreshes their tokens
    Then they receive a new access token and a new refresh token

  @needs-clock
  Scenario: An expired refresh token is refused
    Given jinho's refresh token has reached its expiry time
    When jinho refreshes their tokens
    Then the request is refused as TOKEN_EXPIRED

  @needs-clock
  Scenario: A session left unused for 14 days ends
    Given jinho has not used their session for 14 days
    When jinho refreshes their tokens
    Then the request is refused as TOKEN_EXPIRED

  @needs-clock
  Scenario: A session used within 14 days goes on
    Given jinho has not used their session for 13 days
    When jinho refreshes their tokens
    Then they receive a new access token and a new refresh token

  Scenario: An access token cannot be used to refresh a session
    When jinho refreshes their tokens with their access token
    Then the request is refused as INVALID_TOKEN

  Scenario: A refresh token does not open the profile
    When jinho asks for their profile with their refresh token
    Then the request is refused as INVALID_TOKEN

  Scenario Outline: A refresh without a usable refresh token is refused
    When jinho refreshes their tokens with <refresh token>
    Then the request is refused as <code>

    Examples:
      | refresh token                     | code             |
      | no refresh token                  | VALIDATION_ERROR |
      | garbage                           | INVALID_TOKEN    |
      | a refresh token forged with another key | INVALID_TOKEN |

  Scenario: Logging out ends the session at once
    Given jinho has logged out
    When jinho asks for their profile
    Then the request is refused as INVALID_TOKEN

  Scenario: Logging out ends the session's refresh token too
    Given jinho has logged out
    When jinho refreshes their tokens
    Then the request is refused as INVALID_TOKEN

  Scenario: Logging out leaves the member's other sessions alone
    Given jinho has also logged in on another device
    And jinho has logged out
    When jinho asks for their profile on the other device
    Then they see the profile of "jinho"

  Scenario: Logging out everywhere ends every session
    Given jinho has also logged in on another device
    And jinho has logged out everywhere
    When jinho asks for their profile on the other device
    Then the request is refused as INVALID_TOKEN

  Scenario: Logging out everywhere ends every refresh token
    Given jinho has also logged in on another device
    And jinho has logged out everywhere
    When jinho refreshes their tokens on the other device
    Then the request is refused as INVALID_TOKEN

  Scenario: Logging out needs a token
    When someone logs out without a token
    Then the request is refused as TOKEN_NOT_FOUND

  Scenario: Logging out everywhere needs a token
    When someone logs out everywhere without a token
    Then the request is refused as TOKEN_NOT_FOUND

  Scenario: A logout naming something that is not a refresh token is refused
    When jinho logs out presenting a number as the refresh token
    Then the request is refused as VALIDATION_ERROR about the refresh_token

  Scenario: After logging out the member can log in again
    Given jinho has logged out everywhere
    When "jinho" logs in with password "12341234"
    Then they receive a token
