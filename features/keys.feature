Feature: Signing keys that change without logging anyone out
  Every token names the key that signed it. When the service moves to a new key, it
  keeps the old one for checking until the tokens it signed have expired, so nobody
  has to log in again. Other services check a member's token themselves with the
  public keys the service publishes. Whatever a token claims, the key it names
  decides how it is checked, and a key the service does not have checks nothing.

  @needs-key-change
  Scenario Outline: After the key is rotated, a member's token from before still opens their profile
    Given the service signs its tokens with <old key>
    And a member "jinho" who has logged in
    And the service has since moved to <new key>, keeping the old one for checking
    When jinho asks for their profile
    Then they see the profile of "jinho"

    Examples:
      | old key        | new key             |
      | a secret       | another secret      |
      | a secret       | an EC key pair      |
      | an EC key pair | an Ed25519 key pair |

  @needs-key-change
  Scenario: After the key is rotated, a session from before is refreshed with the new key
    Given the service signs its tokens with a secret
    And a member "jinho" who has logged in
    And the service has since moved to an EC key pair, keeping the old one for checking
    When jinho refreshes their tokens
    Then jinho receives tokens signed with the new key

  @needs-key-change
  Scenario Outline: A token signed with a retired key that was removed from the list is refused
    Given the service signs its tokens with <old key>
    And a member "jinho" who has logged in
    And the service has since moved to <new key>, no longer keeping the old one
    When jinho asks for their profile
    Then the request is refused as INVALID_TOKEN

    Examples:
      | old key        | new key             |
      | a secret       | another secret      |
      | an EC key pair | an Ed25519 key pair |

  @needs-key-change
  Scenario: A token accepted a moment ago is refused once its key has been removed
    Given the service signs its tokens with a secret
    And a member "jinho" who has logged in
    And jinho has just opened their profile with their token
    And the service has since moved to another secret, no longer keeping the old one
    When jinho asks for their profile
    Then the request is refused as INVALID_TOKEN

  Scenario: Another service verifies a member's token with the published keys
    Given the service signs its tokens with a key pair
    And a member "jinho" who has logged in
    When another service checks jinho's token with the keys the service publishes
    Then it finds that the token belongs to jinho

  Scenario Outline: A token that names a key the service does not have is refused
    Given a member "jinho" who has logged in
    When jinho asks for their profile with <token>
    Then the request is refused as INVALID_TOKEN

    Examples:
      | token                                          |
      | a token naming a key the service does not have |

    @needs-signing-key
    Examples: Signed with the service's own secret, yet naming another key
      | token                                                       |
      | a token signed with the service's secret naming another key |
