"""The composite Action of action.yml: actionlint finds nothing in its steps, and its steps run against the mock.

actionlint checks workflows, not action metadata: each step of the Action is put, as it is, in a
workflow called with the Action's inputs (`workflow_call`), whose job outputs are the Action's
outputs, so that actionlint checks the shell scripts, the expressions and the contexts they use.
The steps are then run as the runner runs a `shell: bash` step, with the inputs substituted.
"""

from __future__ import annotations

import re
import subprocess
import uuid
from pathlib import Path
from typing import Any

import pytest
import yaml

from contract_tests.harness import workflow_lint
from tests.cli.cli_support import API_APP, ENV, FastMock

ROOT = Path(__file__).resolve().parents[2]
ACTION = ROOT / "action.yml"
EXPRESSION = re.compile(r"\$\{\{\s*([^}]+?)\s*\}\}")


@pytest.fixture(scope="module")
def action() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(ACTION.read_text(encoding="utf-8"))
    return loaded


def as_workflow(action: dict[str, Any]) -> dict[str, Any]:
    inputs = {
        name: {
            "type": "string",
            "required": spec.get("required", False),
            **({"default": spec["default"]} if "default" in spec else {}),
        }
        for name, spec in action["inputs"].items()
    }
    outputs = {name: {"value": f"${{{{ jobs.action.outputs.{name} }}}}"} for name in action["outputs"]}
    return {
        "name": "action steps",
        "on": {"workflow_call": {"inputs": inputs, "outputs": outputs}},
        "jobs": {
            "action": {
                "runs-on": "ubuntu-latest",
                "outputs": {name: spec["value"] for name, spec in action["outputs"].items()},
                "steps": action["runs"]["steps"],
            }
        },
    }


def test_actionlint_finds_nothing_in_the_steps(action: dict[str, Any], tmp_path: Path) -> None:
    try:
        workflow_lint.install()
    except workflow_lint.LinterUnavailable as error:
        pytest.skip(f"actionlint is not installable here: {error}")
    good = tmp_path / "action-steps.yml"
    good.write_text(yaml.safe_dump(as_workflow(action), sort_keys=False), encoding="utf-8")
    broken_action = yaml.safe_load(ACTION.read_text(encoding="utf-8"))
    broken_action["runs"]["steps"][1]["env"]["INPUT_KIND"] = "${{ inputs.knd }}"
    broken = tmp_path / "broken.yml"
    broken.write_text(yaml.safe_dump(as_workflow(broken_action), sort_keys=False), encoding="utf-8")

    findings = workflow_lint.lint([good, broken])

    assert not [finding for finding in findings if finding.file == str(good)], "\n".join(map(str, findings))
    assert any("knd" in finding.message for finding in findings if finding.file == str(broken))


def test_the_action_is_composite_and_installs_from_its_own_checkout(action: dict[str, Any]) -> None:
    assert action["runs"]["using"] == "composite"
    assert set(action["inputs"]) == {
        "token", "api-url", "kind", "id", "force-event", "apply-immediately",
        "applications", "databases", "containers", "wait", "timeout",
    }  # fmt: skip
    assert set(action["outputs"]) == {"state", "deployment-request-id", "succeeded"}
    install = action["runs"]["steps"][0]
    assert install["env"]["ACTION_PATH"] == "${{ github.action_path }}"
    assert '"${ACTION_PATH}/generated[cli]"' in install["run"]
    for step in action["runs"]["steps"]:
        assert "${{" not in step["run"], "inputs reach the scripts through env only"


def substitute(text: str, inputs: dict[str, str], tmp: Path) -> str:
    def value(match: re.Match[str]) -> str:
        expression = match.group(1)
        if expression.startswith("inputs."):
            return inputs[expression.removeprefix("inputs.")]
        if expression == "github.action_path":
            return str(ROOT)
        raise AssertionError(f"no value for {expression} in this test")

    return EXPRESSION.sub(value, text)


def run_action(
    action: dict[str, Any], given: dict[str, str], tmp: Path, base_env: dict[str, str]
) -> dict[str, str]:
    """Run each step as GitHub runs a `shell: bash` step; the outputs of the Action."""
    inputs = {name: str(spec.get("default", "")) for name, spec in action["inputs"].items()}
    inputs.update(given)
    files = {"GITHUB_OUTPUT": tmp / "output", "GITHUB_STEP_SUMMARY": tmp / "summary.md"}
    step_outputs: dict[str, dict[str, str]] = {}
    for number, step in enumerate(action["runs"]["steps"]):
        assert step["shell"] == "bash"
        for path in files.values():
            path.write_text("")
        env = {
            **base_env,
            "GITHUB_ACTIONS": "true",
            "RUNNER_TEMP": str(tmp),
            **{name: str(path) for name, path in files.items()},
        }
        env.update({name: substitute(str(value), inputs, tmp) for name, value in step.get("env", {}).items()})
        script = tmp / f"step-{number}.sh"
        script.write_text(step["run"])
        done = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert done.returncode == 0, f"step {step['name']}:\n{done.stdout}\n{done.stderr}"
        if "id" in step:
            lines = files["GITHUB_OUTPUT"].read_text().splitlines()
            step_outputs[step["id"]] = dict(line.split("=", 1) for line in lines)
        (tmp / f"summary-{number}.md").write_text(files["GITHUB_STEP_SUMMARY"].read_text())
    outputs = {}
    for name, spec in action["outputs"].items():
        step_id, output = re.fullmatch(
            r"\$\{\{ steps\.([\w-]+)\.outputs\.([\w-]+) \}\}", spec["value"]
        ).groups()  # type: ignore[union-attr]
        outputs[name] = step_outputs[step_id][output]
    return outputs


def test_the_steps_restart_services_against_the_mock(
    action: dict[str, Any], fast_mock: FastMock, tmp_path: Path
) -> None:
    env = fast_mock.env()
    given = {
        "token": env.pop("QOVERY_API_TOKEN"),
        "api-url": env.pop("QOVERY_API_URL"),
        "kind": "restart",
        "id": ENV,
        "applications": f"{API_APP}\n",
        "timeout": "2m",
    }

    outputs = run_action(action, given, tmp_path, env)

    assert outputs["state"] == "RESTARTED" and outputs["succeeded"] == "true"
    assert (
        str(uuid.UUID(outputs["deployment-request-id"])) == fast_mock.mock.resource(ENV)["last_request"]["id"]
    )
    summary = (tmp_path / "summary-1.md").read_text()
    assert f"| `{API_APP}` | application | RESTARTED | SUCCEEDED |" in summary
    assert given["token"] not in summary
