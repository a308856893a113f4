@needs-mail
Feature: Getting back in after forgetting the password
  A member who forgets their password asks for a reset code, which is mailed to their verified
  address, and sets a new password with it. Asking tells nobody whether a member exists or has an
  address; a code is long, random, works once, for one member and one purpose, and not for long;
  a reset ends every session, and the member is told by mail whenever their password changes.

  Scenario: A member asks for a reset by their address
    Given a member "jinho" whose address "jinho@example.com" is verified
    When someone asks to reset the password of "jinho@example.com"
    Then the request is accepted without saying more
    And "jinho@example.com" receives a mail with a reset code

  Scenario: A member asks for a reset by their username
    Given a member "jinho" whose address "jinho@example.com" is verified
    When someone asks to reset the password of the member "jinho"
    Then the request is accepted without saying more
    And "jinho@example.com" receives a mail with a reset code

  Scenario: Asking for a reset reveals nothing about who is a member
    Given a member "jinho" whose address "jinho@example.com" is verified
    And a member "minsu" who has given no address
    When someone asks to reset the passwords of jinho, of minsu and of a stranger
    Then every response is the same in status, body and headers

  Scenario: The reset code sets a new password, ends every session and issues no tokens
    Given a member "jinho" whose address "jinho@example.com" is verified
    And jinho has logged in on two devices
    And someone has asked to reset the password of "jinho@example.com"
    When someone sets the password "a-new-password" with the code from the reset mail to "jinho@example.com"
    Then 2 sessions have ended and no token is issued
    And jinho's sessions are refused on both devices
    And "jinho" can log in with password "a-new-password"
    And "jinho@example.com" receives a mail saying the password was changed

  Scenario: A reset code works once
    Given a member "jinho" whose address "jinho@example.com" is verified
    And someone has asked to reset the password of "jinho@example.com"
    And someone has set the password "a-new-password" with the code from the reset mail to "jinho@example.com"
    When someone sets the password "mallory-was-here" with the code from the reset mail to "jinho@example.com"
    Then the request is refused as INVALID_CODE
    And "jinho" can log in with password "a-new-password"

  Scenario: A verification code is no reset code
    Given a member "jinho" who has given the address "jinho@example.com"
    When someone sets the password "mallory-was-here" with the code from the verification mail to "jinho@example.com"
    Then the request is refused as INVALID_CODE
    And "jinho" can log in with password "12341234"

  Scenario: A code changes only the password of the member it was mailed to
    Given a member "jinho" whose address "jinho@example.com" is verified
    And a member "minsu" whose address "minsu@example.com" is verified
    And someone has asked to reset the password of "jinho@example.com"
    And someone has asked to reset the password of "minsu@example.com"
    When someone sets the password "a-new-password" with the code from the reset mail to "jinho@example.com"
    Then "jinho" can log in with password "a-new-password"
    And "minsu" can log in with password "12341234"

  Scenario: A newer reset code voids the older one
    Given a member "jinho" whose address "jinho@example.com" is verified
    And someone has asked to reset the password of "jinho@example.com"
    And someone has asked again to reset the password of "jinho@example.com"
    When someone sets the password "a-new-password" with the code from the first reset mail to "jinho@example.com"
    Then the request is refused as INVALID_CODE

  Scenario: A password changed another way voids an open reset code
    Given a member "jinho" whose address "jinho@example.com" is verified
    And someone has asked to reset the password of "jinho@example.com"
    And jinho has changed their password to "a-new-secret-of-theirs"
    When someone sets the password "mallory-was-here" with the code from the reset mail to "jinho@example.com"
    Then the request is refused as INVALID_CODE
    And "jinho" can log in with password "a-new-secret-of-theirs"

  @needs-clock
  Scenario: A reset code lasts half an hour
    Given a member "jinho" whose address "jinho@example.com" is verified
    And someone has asked to reset the password of "jinho@example.com"
    And half an hour has passed
    When someone sets the password "a-new-password" with the code from the reset mail to "jinho@example.com"
    Then the request is refused as CODE_EXPIRED

  Scenario: A new password follows the sign-up rules
    Given a member "jinho" whose address "jinho@example.com" is verified
    And someone has asked to reset the password of "jinho@example.com"
    When someone sets the password "short" with the code from the reset mail to "jinho@example.com"
    Then the request is refused as VALIDATION_ERROR about the password

  Scenario: A reset asks for the address or the username, not both
    When someone asks to reset a password giving both an address and a username
    Then the request is refused as VALIDATION_ERROR about the email

  Scenario: A forged Host header does not change the link in the mail
    Given the service links reset mails to "https://app.example/reset"
    And a member "jinho" whose address "jinho@example.com" is verified
    When someone asks to reset the password of "jinho@example.com" through the host "evil.example"
    Then "jinho@example.com" receives a mail with a reset code
    And the mail's link goes to "https://app.example/reset" with the code out of sight of servers

  # A mailbox is one factor: a reset by mail does not get round a member's second one.
  @needs-clock
  Scenario: A reset code alone does not reset the password of a member with a second factor
    Given a member "jinho" whose address "jinho@example.com" is verified
    And jinho has turned on a second factor
    And someone has asked to reset the password of "jinho@example.com"
    When someone sets the password "mallory-was-here" with the code from the reset mail to "jinho@example.com"
    Then the request is refused as MFA_REQUIRED
    And jinho's password is still "12341234"

  @needs-clock
  Scenario: A code from the app used once before does not finish a reset
    Given a member "jinho" whose address "jinho@example.com" is verified
    And jinho has turned on a second factor
    And jinho has logged in with their password and the code the app shows
    And someone has asked to reset the password of "jinho@example.com"
    When someone sets the password "mallory-was-here" with the code from the reset mail to "jinho@example.com" and the code jinho just used
    Then the request is refused as INVALID_CODE
    And jinho's password is still "12341234"

  @needs-clock
  Scenario: A reset refused for want of the second factor leaves the mailed code to be used again
    Given a member "jinho" whose address "jinho@example.com" is verified
    And jinho has turned on a second factor
    And someone has asked to reset the password of "jinho@example.com"
    And someone has tried the code from the reset mail to "jinho@example.com" without a code from the app
    When someone sets the password "a-new-password" with the code from the reset mail to "jinho@example.com" and the code jinho's app shows
    Then the password is reset and no token is issued
    And jinho's password is now "a-new-password"

  @needs-clock
  Scenario: A recovery code finishes a reset, and the member is told it was used
    Given a member "jinho" whose address "jinho@example.com" is verified
    And jinho has turned on a second factor
    And someone has asked to reset the password of "jinho@example.com"
    When someone sets the password "a-new-password" with the code from the reset mail to "jinho@example.com" and a recovery code of jinho's
    Then the password is reset and no token is issued
    And jinho's password is now "a-new-password"
    And "jinho@example.com" receives a mail saying a recovery code was used, with 9 left

  @needs-clock
  Scenario: A member is told by mail, in the language they use, when a recovery code logs in
    Given a member "jinho" whose address "jinho@example.com" is verified
    And jinho has turned on a second factor
    When jinho logs in in English with their password and a recovery code
    Then "jinho@example.com" receives a mail in English saying a recovery code was used, with 9 left

  Scenario: A member is told when their password changes
    Given a member "jinho" whose address "jinho@example.com" is verified
    And jinho has logged in
    When jinho changes their password to "a-new-password"
    Then "jinho@example.com" receives a mail saying the password was changed

  Scenario: The mail speaks the language of the request
    Given a member "jinho" whose address "jinho@example.com" is verified
    When someone asks in English to reset the password of "jinho@example.com"
    Then "jinho@example.com" receives a mail in English with a reset code

  Scenario: Asking again and again sends no more mail, and says nothing of it
    Given a member "jinho" whose address "jinho@example.com" is verified
    And someone has asked 3 times to reset the password of "jinho@example.com"
    When someone asks to reset the password of "jinho@example.com"
    Then the request is accepted without saying more
    And "jinho@example.com" has received 3 reset mails in all

  @needs-client-address
  Scenario: One client cannot ask for resets without end
    Given a client has asked for 10 password resets
    When the client asks to reset the password of "jinho@example.com"
    Then the request is refused as TOO_MANY_REQUESTS

  @needs-client-address
  Scenario: One client cannot try reset codes without end
    Given a client has tried 20 made-up codes
    When the client sets a password with a code they made up
    Then the request is refused as TOO_MANY_REQUESTS

  Scenario Outline: Whatever anyone sends to recover an account, it is JSON of a modest size
    Given a member "jinho" who has logged in
    When jinho <does something> sending <a body>
    Then the request is refused as <code>

    Examples:
      | does something             | a body                     | code                   |
      | asks for a reset           | form data instead of JSON  | UNSUPPORTED_MEDIA_TYPE |
      | asks for a reset           | a body over the size limit | PAYLOAD_TOO_LARGE      |
      | sets a password with a code | form data instead of JSON  | UNSUPPORTED_MEDIA_TYPE |
      | sets a password with a code | a body over the size limit | PAYLOAD_TOO_LARGE      |
      | confirms an address        | form data instead of JSON  | UNSUPPORTED_MEDIA_TYPE |
      | confirms an address        | a body over the size limit | PAYLOAD_TOO_LARGE      |
      | gives a new address        | form data instead of JSON  | UNSUPPORTED_MEDIA_TYPE |
      | gives a new address        | a body over the size limit | PAYLOAD_TOO_LARGE      |

  @needs-operator @needs-clock
  Scenario: Mail waits while the mail server is down, and goes out when it is back
    Given a member "jinho" whose address "jinho@example.com" is verified
    And the mail server is down
    And someone has asked to reset the password of "jinho@example.com", and no mail has come
    And the mail server is back
    And a minute has passed
    When the operator delivers the mail that waits
    Then "jinho@example.com" receives a mail with a reset code

  @needs-live-server
  Scenario: A login racing a reset does not outlive it
    Given a member "jinho" whose address "jinho@example.com" is verified
    And someone has asked to reset the password of "jinho@example.com"
    When jinho logs in with the old password at the moment the password is reset with the code
    Then the reset succeeds and no session started with the old password is alive
