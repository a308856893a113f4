@needs-operator
Feature: Roles and the administrator's powers
  Every member is a USER. Administrators can grant and withdraw roles, and a
  change of role takes effect on the member's very next request.

  Background:
    Given an administrator "root" who has logged in
    And a member "jinho" who has logged in

  Scenario: A new member is a USER and learns their id
    When jinho asks for their profile
    Then their profile shows the roles USER
    And their profile shows their id

  Scenario: An administrator makes a member an administrator
    When root gives jinho the roles ADMIN
    Then jinho's roles are now ADMIN

  Scenario: The new role takes effect at once
    Given root has given jinho the roles ADMIN
    When jinho asks for their profile
    Then their profile shows the roles ADMIN

  Scenario: A demotion takes effect at once
    Given root has given jinho the roles ADMIN
    And root has given jinho the roles USER
    When jinho gives root the roles USER
    Then the request is refused as ACCESS_DENIED

  Scenario: A member who is not an administrator cannot change roles
    When jinho gives root the roles USER
    Then the request is refused as ACCESS_DENIED

  Scenario: Roles of a member who does not exist
    When root gives member 999999999 the roles ADMIN
    Then the request is refused as USER_NOT_FOUND

  Scenario Outline: Role lists that break the rules are refused
    When root gives jinho the roles <roles>
    Then the request is refused as VALIDATION_ERROR about the roles

    Examples:
      | roles         |
      | SUPERHERO     |
      | nothing       |

  Scenario Outline: A role change is JSON of a modest size
    When root changes jinho's roles sending <a body>
    Then the request is refused as <code>

    Examples:
      | a body                     | code                   |
      | form data instead of JSON  | UNSUPPORTED_MEDIA_TYPE |
      | a body over the size limit | PAYLOAD_TOO_LARGE      |

  Scenario: Changing roles needs a token
    When someone changes jinho's roles without a token
    Then the request is refused as TOKEN_NOT_FOUND

  Scenario: An administrator ends every session of a member at once
    Given jinho has also logged in on another device
    When root ends every session of jinho
    Then 2 sessions have ended

  Scenario: A member whose sessions were ended is refused at once
    Given root has ended every session of jinho
    When jinho asks for their profile
    Then the request is refused as INVALID_TOKEN

  Scenario: A member whose sessions were ended cannot refresh them
    Given root has ended every session of jinho
    When jinho refreshes their tokens
    Then the request is refused as INVALID_TOKEN

  Scenario: Ending a member's sessions leaves the administrator's own alone
    Given root has ended every session of jinho
    When root asks for their profile
    Then they see the profile of "root"

  Scenario: A member who is not an administrator cannot end another's sessions
    When jinho ends every session of root
    Then the request is refused as ACCESS_DENIED

  Scenario: Sessions of a member who does not exist
    When root ends every session of member 999999999
    Then the request is refused as USER_NOT_FOUND

  Scenario: Ending a member's sessions needs a token
    When someone ends every session of jinho without a token
    Then the request is refused as TOKEN_NOT_FOUND

  Scenario: An operator ends every session of a member from the server
    Given an operator has ended every session of "jinho" on the server
    When jinho asks for their profile
    Then the request is refused as INVALID_TOKEN
