Feature: My devices
  A member sees every session they are logged in with: where and on what device it
  started, when it was last used, and which one they are using now. They can end any
  one of them at once, say on a phone they lost.

  Background:
    Given a member "jinho" who has logged in

  Scenario: A member sees each device they are logged in on, the one in use marked
    Given jinho has also logged in on another device
    When jinho lists their sessions
    Then they see 2 sessions, the one in use marked as current

  Scenario: The most recently used session comes first
    Given jinho has also logged in on another device
    And jinho has refreshed the tokens of the first device
    When jinho lists their sessions
    Then the session in use comes first

  Scenario: A session names the device it was started on
    Given jinho has logged in on an iPhone
    When jinho lists their sessions
    Then one session is labelled "Mobile Safari 17 on iOS 17"

  Scenario: A session's id is not the id of any of its tokens
    When jinho lists their sessions
    Then no session's id is the id of jinho's token

  Scenario: Ending a session on another device refuses its token at once
    Given jinho has also logged in on another device
    And jinho has ended the session of the other device
    When jinho asks for their profile on the other device
    Then the request is refused as INVALID_TOKEN

  Scenario: Ending one session leaves the one in use alone
    Given jinho has also logged in on another device
    And jinho has ended the session of the other device
    When jinho asks for their profile
    Then they see the profile of "jinho"

  Scenario: Another member's session cannot be ended
    Given a member "mina" who has logged in
    When jinho ends mina's session
    Then the request is refused as SESSION_NOT_FOUND
    And mina's session still works

  Scenario Outline: A session that is not there cannot be ended
    When jinho ends <a session>
    Then the request is refused as SESSION_NOT_FOUND

    Examples:
      | a session                      |
      | a session that does not exist  |
      | a session named by nonsense    |

  Scenario Outline: Seeing and ending sessions needs a token
    When someone <does something> without a token
    Then the request is refused as TOKEN_NOT_FOUND

    Examples:
      | does something                |
      | asks for the list of sessions |
      | tries to end a session        |

