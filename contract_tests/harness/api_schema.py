"""The schemathesis view of openapi.yaml: one schema per generation mode, authenticated, with the suite's reports."""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass, field
from typing import Any

import schemathesis
from schemathesis import AuthContext, Case, GenerationMode
from schemathesis.schemas import BaseSchema

from contract_tests.harness.settings import ContractSettings
from contract_tests.harness.spec import SPEC_PATH


@dataclass
class TokenHolder:
    """The token of the target a schema's cases go to, known only once the target is up."""

    value: str = field(default="", repr=False)


TARGET_TOKEN = TokenHolder()


def schemathesis_reports_available() -> bool:
    """Schemathesis 4.32 writes its reports under pytest only with its `allure` extra installed."""
    return importlib.util.find_spec("allure_commons") is not None


def schemathesis_config(
    settings: ContractSettings, mode: GenerationMode, *, reports: bool
) -> schemathesis.Config:
    directory = settings.reports_dir
    data: dict[str, Any] = {
        "output": {"sanitization": {"enabled": True}},
        "generation": {"mode": mode.value, "max-examples": settings.examples},
    }
    if reports and schemathesis_reports_available():
        data["reports"] = {
            "directory": str(directory),
            "junit": {"path": str(directory / f"schemathesis-{mode.value}.xml")},
            "har": {"path": str(directory / f"schemathesis-{mode.value}.har.json")},
        }
    if settings.is_live:
        no_reuse = {"extra-data-sources": {"responses": False}}
        data["phases"] = {"examples": no_reuse, "coverage": no_reuse, "fuzzing": no_reuse}
    if settings.seed is not None:
        data["seed"] = settings.seed
    return schemathesis.Config.from_dict(data)


def install_token_auth(schema: BaseSchema, token: TokenHolder) -> None:
    """Send `token` with every generated case, except those whose credentials schemathesis leaves out on purpose."""

    class TargetToken:
        def get(self, case: Case, context: AuthContext) -> str:
            return token.value

        def set(self, case: Case, data: str, context: AuthContext) -> None:
            case.headers["Authorization"] = f"Token {data}"

    schema.auth(refresh_interval=None)(TargetToken)


def load_schema(
    settings: ContractSettings,
    mode: GenerationMode,
    *,
    reports: bool = False,
    token: TokenHolder = TARGET_TOKEN,
) -> BaseSchema:
    """The spec as schemathesis reads it, its cases authenticated with `token`.

    `reports` writes schemathesis's JUnit and HAR reports for the tests the schema parametrizes.
    """
    schema = schemathesis.openapi.from_path(
        SPEC_PATH, config=schemathesis_config(settings, mode, reports=reports)
    )
    install_token_auth(schema, token)
    return schema
