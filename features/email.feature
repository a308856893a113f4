@needs-mail
Feature: An email address on the account
  A member may give an email address, so that a forgotten password is not the end of their
  account. An address belongs to a member only once they have shown it is theirs, with the code
  mailed to it; until then it claims nothing, so nobody can squat on someone else's address.

  Scenario: An address given at sign-up waits for its verification
    When a visitor signs up as "jinho" giving the address "jinho@example.com"
    Then they are welcomed as "jinho" nicknamed "Nick"
    And "jinho@example.com" receives a mail with a verification code
    And jinho's profile shows no address, with "jinho@example.com" waiting for verification

  Scenario: A member without an address has none on their profile
    Given a member "jinho" who has logged in
    When jinho asks for their profile
    Then they see the profile of "jinho"
    And the profile shows no address and none waiting

  Scenario: The code from the mail makes the address the member's, on any device
    Given a member "jinho" who has given the address "jinho@example.com"
    When someone confirms the address with the code from the mail to "jinho@example.com"
    Then the address "jinho@example.com" is confirmed
    And jinho's profile shows the address "jinho@example.com" and none waiting

  Scenario: An address nobody has verified claims nothing
    Given a member "mallory" who has given the address "jinho@example.com"
    And a member "jinho" who has given the address "jinho@example.com"
    When someone confirms the address with the code from the mail to "jinho@example.com"
    Then the address "jinho@example.com" is confirmed
    And jinho's profile shows the address "jinho@example.com" and none waiting

  Scenario: Two members never hold one address, whatever its letter case
    Given a member "jinho" whose address "jinho@example.com" is verified
    And a member "minsu" who has given the address "JINHO@Example.com"
    When someone confirms the address with the code from the mail to "JINHO@Example.com"
    Then the request is refused as EMAIL_ALREADY_IN_USE
    And jinho's profile shows the address "jinho@example.com" and none waiting

  Scenario: A member gives a new address with their password
    Given a member "jinho" whose address "jinho@example.com" is verified
    When jinho gives the new address "jinho@new.example" with their password
    Then the request is accepted without saying more
    And "jinho@new.example" receives a mail with a verification code
    And jinho's profile shows the address "jinho@example.com" with "jinho@new.example" waiting for verification

  Scenario: A new address needs the member's password
    Given a member "jinho" whose address "jinho@example.com" is verified
    When jinho gives the new address "mallory@example.com" with the password "wrong-password"
    Then the request is refused as INVALID_CREDENTIALS
    And "mallory@example.com" receives no mail

  @needs-clock
  Scenario: With a second factor on, the password alone does not change the address
    Given a member "jinho" whose address "jinho@example.com" is verified
    And jinho has turned on a second factor
    When jinho gives the new address "mallory@example.com" with their password
    Then the request is refused as MFA_REQUIRED
    And "mallory@example.com" receives no mail
    And jinho's profile shows the address "jinho@example.com" and none waiting

  @needs-clock
  Scenario: With a second factor on, the password and the code from the app change the address
    Given a member "jinho" whose address "jinho@example.com" is verified
    And jinho has turned on a second factor
    When jinho gives the new address "jinho@new.example" with their password and the code the app shows
    Then the request is accepted without saying more
    And "jinho@new.example" receives a mail with a verification code

  Scenario: The old address is told when a new one replaces it
    Given a member "jinho" whose address "jinho@example.com" is verified
    And jinho has given the new address "jinho@new.example"
    When someone confirms the address with the code from the mail to "jinho@new.example"
    Then the address "jinho@new.example" is confirmed
    And "jinho@example.com" receives a mail saying the address was changed

  Scenario: A newer address voids the codes sent for an older one
    Given a member "jinho" who has given the address "jinho@example.com"
    And jinho has given the new address "jinho@new.example"
    When someone confirms the address with the code from the mail to "jinho@example.com"
    Then the request is refused as INVALID_CODE

  Scenario: A verification code works once
    Given a member "jinho" who has given the address "jinho@example.com"
    And someone has confirmed the address with the code from the mail to "jinho@example.com"
    When someone confirms the address with the code from the mail to "jinho@example.com"
    Then the request is refused as INVALID_CODE

  Scenario: A reset code is no verification code
    Given a member "jinho" whose address "jinho@example.com" is verified
    And jinho has given the new address "jinho@new.example"
    And someone has asked to reset the password of "jinho@example.com"
    When someone confirms an address with the code from the reset mail to "jinho@example.com"
    Then the request is refused as INVALID_CODE

  Scenario: A made-up code verifies nothing
    When someone confirms an address with a code they made up
    Then the request is refused as INVALID_CODE

  @needs-clock
  Scenario: A verification code lasts a day
    Given a member "jinho" who has given the address "jinho@example.com"
    And a day has passed
    When someone confirms the address with the code from the mail to "jinho@example.com"
    Then the request is refused as CODE_EXPIRED

  Scenario: An address must be an address
    Given a member "jinho" who has logged in
    When jinho gives the new address "not-an-address" with their password
    Then the request is refused as VALIDATION_ERROR about the email

  Scenario Outline: An address that would read as another is refused
    Given a member "jinho" who has logged in
    When jinho gives an address <made how> with their password
    Then the request is refused as VALIDATION_ERROR about the email

    Examples:
      | made how                                      |
      | ending in a hidden right-to-left mark         |
      | with a zero-width space in it                 |
      | whose part before the @ is 65 characters long |

  @needs-client-address
  Scenario: One client cannot try codes without end
    Given a client has tried 20 made-up codes
    When the client confirms an address with a code they made up
    Then the request is refused as TOO_MANY_REQUESTS
    And the response says when to try again

  Scenario: A member cannot send verification mails without end
    Given a member "jinho" who has logged in
    And jinho has given 5 new addresses within an hour
    When jinho gives the new address "jinho@sixth.example" with their password
    Then the request is refused as TOO_MANY_REQUESTS
    And "jinho@sixth.example" receives no mail
