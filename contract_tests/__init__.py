"""Contract tests: the generated client, the built-in mock and the live API against openapi.yaml."""
