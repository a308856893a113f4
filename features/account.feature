Feature: Managing one's own account
  A member can change their password, which ends their other sessions, and can
  leave, which ends all of them and frees their name.

  Background:
    Given a member "jinho" who has logged in

  Scenario: Changing the password ends the other sessions
    Given jinho has also logged in on another device
    And jinho has changed their password to "new-password-1"
    When jinho asks for their profile on the other device
    Then the request is refused as INVALID_TOKEN

  Scenario: Changing the password keeps the current session
    Given jinho has changed their password to "new-password-1"
    When jinho asks for their profile
    Then they see the profile of "jinho"

  Scenario: After a change only the new password logs in
    Given jinho has changed their password to "new-password-1"
    When "jinho" logs in with password "12341234"
    Then the request is refused as INVALID_CREDENTIALS

  Scenario: The new password works
    Given jinho has changed their password to "new-password-1"
    When "jinho" logs in with password "new-password-1"
    Then they receive a token

  Scenario: A wrong current password changes nothing
    Given jinho has also logged in on another device
    When jinho changes their password giving "not-my-password" as the current one
    Then the request is refused as INVALID_CREDENTIALS
    And "jinho" can log in with password "12341234"
    And jinho's session on the other device still works

  Scenario: A new password that breaks the rules is refused
    When jinho changes their password to "short"
    Then the request is refused as VALIDATION_ERROR about the new_password

  Scenario: A change without the current password is refused
    When jinho changes their password without giving the current one
    Then the request is refused as VALIDATION_ERROR about the current_password
    And "jinho" can log in with password "12341234"

  Scenario Outline: A new password of 8 to 128 characters is accepted
    When jinho chooses a new password of <length> characters
    Then the password is changed
    And jinho can log in with the new password

    Examples:
      | length |
      | 8      |
      | 128    |

  Scenario Outline: A new password shorter than 8 or longer than 128 characters is refused
    When jinho chooses a new password of <length> characters
    Then the request is refused as VALIDATION_ERROR about the new_password
    And "jinho" can log in with password "12341234"

    Examples:
      | length |
      | 7      |
      | 129    |

  Scenario: A new password that holds the username is refused
    When jinho chooses a new password holding their username
    Then the request is refused as VALIDATION_ERROR about the new_password
    And "jinho" can log in with password "12341234"

  @needs-operator
  Scenario: Where common passwords are screened out, a common new password is refused
    Given the service screens out common passwords
    When jinho changes their password to "password1"
    Then the request is refused as VALIDATION_ERROR about the new_password
    And "jinho" can log in with password "12341234"

  Scenario: A member whose password is the longest allowed can change it
    Given a member "mina" whose password is a passphrase of 128 characters
    And mina has logged in
    When mina changes their password to "new-password-1"
    Then the password is changed

  Scenario: A member leaves and their token stops working at once
    Given jinho has deleted their account
    When jinho asks for their profile
    Then the request is refused as INVALID_TOKEN

  Scenario: A member who left frees their name
    Given jinho has deleted their account
    When a visitor signs up as "jinho" with password "abcdefgh" and nickname "New"
    Then they are welcomed as "jinho" nicknamed "New"

  Scenario: Leaving without giving the password is refused
    When jinho deletes their account without giving the password
    Then the request is refused as VALIDATION_ERROR about the password
    And "jinho" can log in with password "12341234"

  Scenario: Leaving needs the password
    When jinho deletes their account giving the password "not-my-password"
    Then the request is refused as INVALID_CREDENTIALS
    And "jinho" can log in with password "12341234"

  @needs-live-server
  Scenario: Logins under way with the old password do not outlive a password change
    Given someone who knows jinho's password keeps logging in as jinho
    When jinho changes their password to "new-password-1"
    Then the password is changed
    And none of the sessions started with the old password works
    And no login with the old password has succeeded since

  @needs-live-server
  Scenario: An account is deleted even while its member keeps logging in
    Given someone who knows jinho's password keeps logging in as jinho
    When jinho deletes their account giving the password "12341234"
    Then the account is deleted
    And none of the sessions started with the old password works
