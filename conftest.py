"""Project-wide test configuration. Scenario vocabulary lives in features/steps/conftest.py."""
