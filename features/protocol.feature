Feature: Speaking JSON, always
  Clients can rely on every response being a JSON document, and on every error
  arriving in the same envelope with a code they can act on.

  Scenario Outline: Requests the API cannot serve are answered in JSON
    When a client <does something unusual>
    Then the request is refused as <code>

    Examples:
      | does something unusual                 | code                   |
      | asks for a page that does not exist    | NOT_FOUND              |
      | reads the sign-up form instead of posting it | METHOD_NOT_ALLOWED |
      | signs up with form data instead of JSON | UNSUPPORTED_MEDIA_TYPE |
      | signs up with a body that is not JSON  | VALIDATION_ERROR       |
      | signs up with a JSON list              | VALIDATION_ERROR       |
      | signs up with a body over the size limit | PAYLOAD_TOO_LARGE    |
      | signs up with JSON nested a thousand levels deep | VALIDATION_ERROR |
      | signs up declaring a character set other than UTF-8 | UNSUPPORTED_MEDIA_TYPE |
      | signs up with a compressed body        | UNSUPPORTED_MEDIA_TYPE |
      | posts to the profile without a token   | METHOD_NOT_ALLOWED     |
      | checks the service's health under a host name that cannot exist | BAD_REQUEST |

  Scenario Outline: Whatever a member sends, it is JSON of a modest size
    Given a member "jinho" who has logged in
    When jinho <does something> sending <a body>
    Then the request is refused as <code>

    Examples:
      | does something         | a body                     | code                   |
      | logs in                | form data instead of JSON  | UNSUPPORTED_MEDIA_TYPE |
      | logs in                | a body over the size limit | PAYLOAD_TOO_LARGE      |
      | refreshes their tokens | form data instead of JSON  | UNSUPPORTED_MEDIA_TYPE |
      | refreshes their tokens | a body over the size limit | PAYLOAD_TOO_LARGE      |
      | logs out               | form data instead of JSON  | UNSUPPORTED_MEDIA_TYPE |
      | logs out               | a body over the size limit | PAYLOAD_TOO_LARGE      |
      | changes their password | form data instead of JSON  | UNSUPPORTED_MEDIA_TYPE |
      | changes their password | a body over the size limit | PAYLOAD_TOO_LARGE      |
      | deletes their account  | form data instead of JSON  | UNSUPPORTED_MEDIA_TYPE |
      | deletes their account  | a body over the size limit | PAYLOAD_TOO_LARGE      |

  Scenario Outline: A trailing slash makes no difference
    Given a member "jinho" who has logged in
    When jinho asks for their profile at "<path>"
    Then they see the profile of "jinho"

    Examples:
      | path |
      | /me  |
      | /me/ |

  Scenario: The service says whether it is healthy
    When a load balancer checks the service's health
    Then the service reports it is healthy

  Scenario: A health check made with HEAD is answered without a body
    When a load balancer checks the service's health with a HEAD request
    Then the service responds 200 with no body

  Scenario: The API describes itself
    When a developer opens the API documentation
    Then it lists sign-up, login, profile and health
    And the interactive Swagger page is served
