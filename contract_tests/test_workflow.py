"""The copyable GitHub Actions workflow: actionlint finds nothing in it, and it does what the docs say."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from contract_tests.harness import workflow_lint

WORKFLOW = Path(__file__).resolve().parent.parent / ".github" / "workflows" / "contract-tests.yml"


@pytest.fixture(scope="module")
def findings(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[workflow_lint.Finding]]:
    """actionlint's findings for the workflow and for a copy broken on purpose, from one run of the linter."""
    try:
        workflow_lint.install()
    except workflow_lint.LinterUnavailable as error:
        pytest.skip(f"actionlint is not installable here: {error}")
    broken = tmp_path_factory.mktemp("workflow") / "broken.yml"
    text = WORKFLOW.read_text(encoding="utf-8").replace("secrets.QOVERY_API_TOKEN", "secret.QOVERY_API_TOKEN")
    broken.write_text(text, encoding="utf-8")
    found: dict[str, list[workflow_lint.Finding]] = {"workflow": [], "broken": []}
    for finding in workflow_lint.lint([WORKFLOW, broken]):
        found["broken" if finding.file == str(broken) else "workflow"].append(finding)
    return found


@pytest.fixture(scope="module")
def workflow() -> dict[Any, Any]:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def test_actionlint_finds_nothing(findings: dict[str, list[workflow_lint.Finding]]) -> None:
    assert not findings["workflow"], "\n".join(map(str, findings["workflow"]))


def test_actionlint_reports_a_broken_workflow(findings: dict[str, list[workflow_lint.Finding]]) -> None:
    assert any('"secret"' in finding.message for finding in findings["broken"]), findings["broken"]


def test_mock_job_runs_on_every_push(workflow: dict[Any, Any]) -> None:
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as a boolean
    assert "push" in triggers
    mock_job = workflow["jobs"]["mock"]
    commands = " ".join(step.get("run", "") for step in mock_job["steps"])
    assert "--target=inprocess" in commands and "--target=http" in commands
    assert "--target=live" in commands and "python -m qovery_mock" in commands


def test_live_job_runs_on_a_schedule_with_the_secret_token(workflow: dict[Any, Any]) -> None:
    assert workflow[True]["schedule"]
    live = workflow["jobs"]["live"]
    assert "schedule" in live["if"]
    assert live["env"]["QOVERY_API_TOKEN"] == "${{ secrets.QOVERY_API_TOKEN }}"
    for name, value in live["env"].items():
        if name.startswith("QOVERY_CONTRACT_") and name.endswith("_ID"):
            assert value == f"${{{{ vars.{name} }}}}"
    commands = " ".join(step.get("run", "") for step in live["steps"])
    assert "--target=live" in commands
