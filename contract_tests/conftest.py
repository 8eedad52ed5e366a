"""Target selection, options and reporting of the contract suite."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from contract_tests.harness import case_log, settings
from contract_tests.harness.api_schema import TARGET_TOKEN
from contract_tests.harness.redaction import scrub_directory
from contract_tests.harness.seeding import id_list_fields
from contract_tests.harness.settings import ContractSettings, SettingsError, TargetKind, resolve_settings
from contract_tests.harness.spec import (
    Spec,
    load_spec,
    resource_kind_of_body_field,
    resource_kind_of_path_parameter,
)
from contract_tests.harness.target import Target, build_target

_SETTINGS_KEY = pytest.StashKey[ContractSettings]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("contract", "Qovery contract tests")
    group.addoption(
        "--target",
        choices=[kind.value for kind in TargetKind],
        default=None,
        help="inprocess (default): the built-in mock in this process; http: the mock served on 127.0.0.1; "
        "live: the API at --qovery-api-url (chosen by default when QOVERY_API_URL and QOVERY_API_TOKEN are set)",
    )
    group.addoption("--qovery-api-url", default=None, help="URL of the live API (env QOVERY_API_URL)")
    group.addoption("--qovery-api-token", default=None, help="token for the live API (env QOVERY_API_TOKEN)")
    group.addoption(
        "--contract-examples",
        type=int,
        default=None,
        help=f"cases per operation and phase (env QOVERY_CONTRACT_EXAMPLES, default {settings.DEFAULT_EXAMPLES})",
    )
    group.addoption(
        "--contract-seed",
        type=int,
        default=None,
        help="seed of the generated cases (env QOVERY_CONTRACT_SEED)",
    )
    group.addoption(
        "--contract-reports",
        default=None,
        help="folder of the reports (env QOVERY_CONTRACT_REPORTS, default reports)",
    )
    group.addoption(
        "--allow-deploy",
        action="store_true",
        default=False,
        help="live only: let the opt-in tests redeploy and restart the listed ids (env QOVERY_CONTRACT_ALLOW_DEPLOY=1)",
    )


def _id_kinds(spec: Spec) -> list[str]:
    """The kinds of resource ids the spec's operations take (`jobs`, `applications`, …), from its names."""
    kinds = {resource_kind_of_path_parameter(op.path_parameter.name) for op in spec.operations.values()}
    kinds |= {
        resource_kind_of_body_field(name)
        for op in spec.operations.values()
        for name in id_list_fields(spec, op)
    }
    return sorted(kinds)


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    try:
        resolved = resolve_settings(
            target=config.getoption("--target"),
            api_url=config.getoption("--qovery-api-url"),
            api_token=config.getoption("--qovery-api-token"),
            examples=config.getoption("--contract-examples"),
            reports_dir=config.getoption("--contract-reports"),
            allow_deploy=config.getoption("--allow-deploy"),
            seed=config.getoption("--contract-seed"),
            id_kinds=_id_kinds(load_spec()),
        )
    except SettingsError as error:
        raise pytest.UsageError(str(error)) from None
    config.stash[_SETTINGS_KEY] = resolved
    settings.activate(resolved)
    if resolved.seed is not None and getattr(config.option, "hypothesis_seed", None) is None:
        config.option.hypothesis_seed = str(resolved.seed)
    resolved.reports_dir.mkdir(parents=True, exist_ok=True)
    if getattr(config.option, "xmlpath", None) is None:
        config.option.xmlpath = str(resolved.reports_dir / "junit.xml")


def pytest_report_header(config: pytest.Config) -> str:
    return config.stash[_SETTINGS_KEY].describe()


@pytest.fixture(scope="session")
def contract_settings(pytestconfig: pytest.Config) -> ContractSettings:
    return pytestconfig.stash[_SETTINGS_KEY]


@pytest.fixture(scope="session")
def spec() -> Spec:
    return load_spec()


@pytest.fixture(scope="session")
def target(contract_settings: ContractSettings) -> Iterator[Target]:
    built = build_target(contract_settings)
    TARGET_TOKEN.value = built.token
    try:
        yield built
    finally:
        built.close()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, config: pytest.Config) -> None:
    lines = case_log.table()
    if lines:
        terminalreporter.write_sep("-", "contract cases sent, by operation")
        for line in lines:
            terminalreporter.write_line(line)
    resolved = config.stash.get(_SETTINGS_KEY, None)
    if resolved is not None:
        terminalreporter.write_line(f"contract reports: {Path(resolved.reports_dir).resolve()}")


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config: pytest.Config) -> None:
    resolved = config.stash.get(_SETTINGS_KEY, None)
    if resolved is not None and resolved.api_token:
        scrub_directory(resolved.reports_dir, [resolved.api_token])
