@needs-operator
Feature: Refusing plain HTTP where HTTPS is required
  Where the operator requires HTTPS, a request sent over plain HTTP has already
  exposed what it carries. The API refuses it, so that the client notices at once,
  instead of redirecting it to HTTPS; only pages meant for a person's browser are
  redirected, and the load balancer's health check still answers.

  Background:
    Given a member "jinho" who has logged in
    And the service requires HTTPS

  Scenario: A login over plain HTTP is refused, not redirected
    When "jinho" logs in with password "12341234"
    Then the request is refused as HTTPS_REQUIRED

  Scenario: A token sent over plain HTTP opens nothing
    When jinho asks for their profile
    Then the request is refused as HTTPS_REQUIRED

  Scenario: A sign-up over plain HTTP is refused and nobody is created
    When a visitor signs up as "mina" with password "abcdefgh" and nickname "M"
    Then the request is refused as HTTPS_REQUIRED

  Scenario: A person opening the Swagger page over plain HTTP is sent to HTTPS
    When a person opens the API's Swagger page over plain HTTP
    Then they are sent to the same page over HTTPS

  Scenario: The load balancer's health check still answers over plain HTTP
    When a load balancer checks the service's health
    Then the service is healthy over plain HTTP
