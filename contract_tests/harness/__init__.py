"""The contract suite's parts: the spec as the suite reads it, targets, checks, the client's exercise,
safety in live mode and reports. The test modules are one level up, in `contract_tests/`."""
