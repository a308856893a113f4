Feature: Limits on sessions
  A session lasts at most 30 days from the login that started it, however often its
  tokens are refreshed, and none of its tokens outlives it. A member keeps at most ten
  sessions: logging in on one device too many ends the session used least recently,
  and the login itself always succeeds.

  @needs-clock
  Scenario: However often it is refreshed, a session ends 30 days after the login
    Given a member "jinho" who has logged in
    And jinho has refreshed their tokens every day for 29 days
    When jinho refreshes their tokens 30 days after logging in
    Then the request is refused as TOKEN_EXPIRED

  @needs-clock
  Scenario: Tokens refreshed near the end of a session expire with it
    Given a member "jinho" who has logged in
    And jinho has refreshed their tokens every day for 29 days
    When jinho refreshes their tokens a minute before the session ends
    Then both new tokens expire 30 days after the login

  @needs-clock
  Scenario: At the end of a session its access token is refused as expired too
    Given a member "jinho" who has logged in
    And jinho has refreshed their tokens every day for 29 days
    And jinho has refreshed their tokens once more, a minute before the session ends
    When jinho asks for their profile 30 days after logging in
    Then the request is refused as TOKEN_EXPIRED

  Scenario: Logging in on an eleventh device ends the session used least recently
    Given a member "jinho" who has logged in on 10 devices, one after another
    And jinho has since refreshed their tokens on the first device
    When jinho logs in on an eleventh device
    Then they receive a token
    And the session on jinho's second device has ended
    And jinho's sessions on the other devices go on

  @needs-live-server
  Scenario: Logins of one member sent together keep to the limit on sessions
    Given a member "jinho"
    When jinho logs in 30 times at the same moment
    Then every login receives a token of its own
    And exactly 10 of those tokens still open the profile
