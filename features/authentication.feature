Feature: Proving who you are with a token
  A member's token opens their profile; when it is missing or cannot be trusted,
  the client is told exactly why.

  Background:
    Given a member "jinho" who has logged in

  Scenario: A valid token opens the member's profile
    When jinho asks for their profile
    Then they see the profile of "jinho"

  Scenario: Without a token the profile stays closed
    When jinho asks for their profile with no token
    Then the request is refused as TOKEN_NOT_FOUND

  Scenario: A scheme with no token after it counts as no token
    When jinho asks for their profile with the Bearer scheme and nothing after it
    Then the request is refused as TOKEN_NOT_FOUND

  Scenario: A token written into the address is not accepted
    Addresses end up in logs, browser histories and Referer headers, so a token
    travels only in the Authorization header.

    When jinho asks for their profile putting their token in the address
    Then the request is refused as TOKEN_NOT_FOUND

  @needs-clock
  Scenario: A token is honoured until its last second
    Given jinho's token expires in one second
    When jinho asks for their profile
    Then they see the profile of "jinho"

  @needs-clock
  Scenario: A token is refused from the moment it expires
    Given jinho's token has reached its expiry time
    When jinho asks for their profile
    Then the request is refused as TOKEN_EXPIRED

  @needs-clock
  Scenario: A token accepted a moment ago is still refused from the moment it expires
    Given jinho has just opened their profile with their token
    And jinho's token has reached its expiry time
    When jinho asks for their profile
    Then the request is refused as TOKEN_EXPIRED

  # The full catalogue of token attacks is security.feature; these are the commonest.
  Scenario Outline: A token that cannot be trusted is refused
    When jinho asks for their profile with <token>
    Then the request is refused as INVALID_TOKEN

    Examples:
      | token                             |
      | garbage instead of a token        |
      | a token signed with another key   |
      | a token whose algorithm is "none" |
      | their token under another scheme  |
