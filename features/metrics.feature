@needs-client-address
Feature: Metrics for operators
  Operators read request rates, response times and security events from the service
  itself, in the format Prometheus scrapes. Only the addresses they trust may read
  them; to anyone else the page does not exist.

  Scenario: An operator on the service's own machine reads the metrics
    When an operator on the service's own machine reads the metrics
    Then they receive the counts of requests and security events

  Scenario: To anyone else the metrics do not exist
    When a client elsewhere asks for the metrics
    Then the request is refused as NOT_FOUND
