"""What a run of the contract suite targets and how much it sends, from pytest options and the environment."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

DEFAULT_EXAMPLES = 100
ID_ENV_PREFIX = "QOVERY_CONTRACT_"


class TargetKind(StrEnum):
    INPROCESS = "inprocess"
    HTTP = "http"
    LIVE = "live"


class SettingsError(ValueError):
    """The options and environment do not describe a run that can start."""


@dataclass(frozen=True)
class ContractSettings:
    target: TargetKind
    examples: int
    reports_dir: Path
    api_url: str | None = None
    api_token: str | None = field(default=None, repr=False)
    allow_deploy: bool = False
    listed_ids: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    seed: int | None = None

    @property
    def is_live(self) -> bool:
        return self.target is TargetKind.LIVE

    def describe(self) -> str:
        where = {
            TargetKind.INPROCESS: "built-in mock, in process",
            TargetKind.HTTP: "built-in mock over HTTP on 127.0.0.1",
            TargetKind.LIVE: f"live API at {self.api_url}",
        }[self.target]
        lines = [f"contract target: {where}", f"contract examples per operation and phase: {self.examples}"]
        if self.is_live:
            listed = (
                ", ".join(f"{kind}={len(ids)}" for kind, ids in sorted(self.listed_ids.items())) or "none"
            )
            deploys = "ON" if self.allow_deploy and self.listed_ids else "off"
            lines.append(f"contract live deployments: {deploys} (listed ids: {listed})")
        if self.seed is not None:
            lines.append(f"contract seed: {self.seed}")
        return "\n".join(lines)


def id_env_var(kind: str) -> str:
    """`jobs` -> `QOVERY_CONTRACT_JOB_ID`: where the user lists the ids of one kind, comma-separated."""
    return f"{ID_ENV_PREFIX}{kind.removesuffix('s').upper()}_ID"


def listed_ids_from_env(kinds: list[str], environ: Mapping[str, str]) -> dict[str, tuple[str, ...]]:
    listed: dict[str, tuple[str, ...]] = {}
    for kind in kinds:
        raw = environ.get(id_env_var(kind), "")
        ids = tuple(part.strip() for part in raw.split(",") if part.strip())
        if ids:
            listed[kind] = ids
    return listed


def _int_from(environ: Mapping[str, str], name: str) -> int | None:
    raw = (environ.get(name) or "").strip()
    if not raw:
        return None
    try:
        return int(raw)
    except ValueError:
        raise SettingsError(f"{name} must be a whole number, got {raw!r}") from None


def is_truthy(value: str | None) -> bool:
    return (value or "").strip().lower() in {"1", "true", "yes", "on"}


def resolve_settings(
    *,
    target: str | None,
    api_url: str | None,
    api_token: str | None,
    examples: int | None,
    reports_dir: str | None,
    allow_deploy: bool,
    seed: int | None,
    id_kinds: list[str],
    environ: Mapping[str, str] = os.environ,
) -> ContractSettings:
    url = api_url or environ.get("QOVERY_API_URL") or None
    token = api_token or environ.get("QOVERY_API_TOKEN") or None
    if target is None:
        kind = TargetKind.LIVE if url and token else TargetKind.INPROCESS
    else:
        kind = TargetKind(target)
    if kind is TargetKind.LIVE and not (url and token):
        raise SettingsError(
            "--target=live needs the API's URL and a token: --qovery-api-url/--qovery-api-token "
            "or QOVERY_API_URL/QOVERY_API_TOKEN"
        )
    count = examples if examples is not None else _int_from(environ, "QOVERY_CONTRACT_EXAMPLES")
    count = DEFAULT_EXAMPLES if count is None else count
    if count < 1:
        raise SettingsError(f"the number of examples must be at least 1, got {count}")
    seed_value = seed if seed is not None else _int_from(environ, "QOVERY_CONTRACT_SEED")
    return ContractSettings(
        target=kind,
        examples=count,
        reports_dir=Path(reports_dir or environ.get("QOVERY_CONTRACT_REPORTS") or "reports"),
        api_url=url if kind is TargetKind.LIVE else None,
        api_token=token if kind is TargetKind.LIVE else None,
        allow_deploy=allow_deploy or is_truthy(environ.get("QOVERY_CONTRACT_ALLOW_DEPLOY")),
        listed_ids=listed_ids_from_env(id_kinds, environ) if kind is TargetKind.LIVE else {},
        seed=seed_value,
    )


_ACTIVE: list[ContractSettings] = []


def activate(active: ContractSettings) -> None:
    """Make these the settings test modules read when they are imported."""
    _ACTIVE[:] = [active]


def active_settings() -> ContractSettings:
    if not _ACTIVE:
        activate(
            resolve_settings(
                target=None,
                api_url=None,
                api_token=None,
                examples=None,
                reports_dir=None,
                allow_deploy=False,
                seed=None,
                id_kinds=[],
            )
        )
    return _ACTIVE[0]
