"""scripts/upstream_diff.py: our openapi.yaml against Qovery's published document, and mutated copies of it."""

from __future__ import annotations

import copy
import importlib.util
import json
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
OURS = ROOT / "openapi.yaml"
UPSTREAM = Path(__file__).parent / "data" / "qovery-openapi-upstream-subset.yaml"
SCRIPT = ROOT / "scripts" / "upstream_diff.py"
# How many operations openapi.yaml declares, each of which upstream has too.
OUR_OPERATIONS = sum(len(item) for item in yaml.safe_load(OURS.read_text(encoding="utf-8"))["paths"].values())

JOB = "POST /job/{jobId}/redeploy"
ENV = "POST /environment/{environmentId}/redeploy"
REBOOT = "POST /environment/{environmentId}/service/restart-service"


def _load_tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("upstream_diff", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


tool = _load_tool()
Mutation = Callable[[dict[str, Any]], None]


@pytest.fixture(scope="module")
def our_doc() -> dict[str, Any]:
    doc: dict[str, Any] = yaml.safe_load(OURS.read_text(encoding="utf-8"))
    return doc


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code: int = tool.main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def run_mutated(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], our_doc: dict[str, Any], mutate: Mutation
) -> tuple[int, str]:
    doc = copy.deepcopy(our_doc)
    mutate(doc)
    path = tmp_path / "openapi.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    return run(capsys, str(UPSTREAM), "--ours", str(path))


def schemas(doc: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = doc["components"]["schemas"]
    return found


def contradictions(output: str) -> list[str]:
    return [line for line in output.splitlines() if not line.startswith(("note:", "upstream-diff:"))]


def test_our_spec_agrees_with_upstream(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(capsys, str(UPSTREAM), "--ours", str(OURS))
    assert code == 0, out
    assert contradictions(out) == []
    assert f"upstream-diff: {OUR_OPERATIONS} operations compared, 0 contradictions" in out


def test_verbose_lists_notes_of_a_looser_spec(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(capsys, "--verbose", str(UPSTREAM), "--ours", str(OURS))
    assert code == 0
    assert f"note: {JOB} › 202 › Status.status_details.sub_action: optional here, required upstream" in out
    assert f"note: {JOB} › responses: status codes only here: 400, 429" in out


def test_command_line(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(SCRIPT), str(UPSTREAM)],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith(f"upstream-diff: {OUR_OPERATIONS} operations compared, 0 contradictions")


def test_json_upstream(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    as_json = tmp_path / "upstream.json"
    as_json.write_text(json.dumps(yaml.safe_load(UPSTREAM.read_text(encoding="utf-8"))), encoding="utf-8")
    code, out = run(capsys, str(as_json), "--ours", str(OURS))
    assert code == 0, out


def _remove_force_event(doc: dict[str, Any]) -> None:
    params = doc["paths"]["/job/{jobId}/redeploy"]["post"]["parameters"]
    params[:] = [p for p in params if p.get("name") != "forceEvent"]


def _remove_409(doc: dict[str, Any]) -> None:
    del doc["paths"]["/job/{jobId}/redeploy"]["post"]["responses"]["409"]


def _remove_execution_id(doc: dict[str, Any]) -> None:
    del schemas(doc)["Status"]["properties"]["execution_id"]


def _remove_unavailable(doc: dict[str, Any]) -> None:
    schemas(doc)["StateEnum"]["enum"].remove("UNAVAILABLE")


def _remove_skill(doc: dict[str, Any]) -> None:
    schemas(doc)["EnvironmentStatusEventOriginEnum"]["enum"].remove("SKILL")


def _count_as_string(doc: dict[str, Any]) -> None:
    schemas(doc)["Status"]["properties"]["deployment_requests_count"]["type"] = "string"


def _id_as_date_time(doc: dict[str, Any]) -> None:
    schemas(doc)["Status"]["properties"]["id"]["format"] = "date-time"


def _require_execution_id(doc: dict[str, Any]) -> None:
    schemas(doc)["Status"]["required"].append("execution_id")


def _request_id_not_nullable(doc: dict[str, Any]) -> None:
    schemas(doc)["Status"]["properties"]["deployment_request_id"]["type"] = "string"


def _origin_not_nullable(doc: dict[str, Any]) -> None:
    schemas(doc)["EnvironmentStatus"]["properties"]["origin"] = {
        "$ref": "#/components/schemas/EnvironmentStatusEventOriginEnum"
    }


def _remove_reboot_body(doc: dict[str, Any]) -> None:
    del doc["paths"]["/environment/{environmentId}/service/restart-service"]["post"]["requestBody"]


def _require_container_ids(doc: dict[str, Any]) -> None:
    schemas(doc)["RebootServicesRequest"]["required"] = ["container_ids"]


def _require_force_event(doc: dict[str, Any]) -> None:
    params = doc["paths"]["/job/{jobId}/redeploy"]["post"]["parameters"]
    next(p for p in params if p.get("name") == "forceEvent")["required"] = True


def _force_event_in_header(doc: dict[str, Any]) -> None:
    params = doc["paths"]["/job/{jobId}/redeploy"]["post"]["parameters"]
    next(p for p in params if p.get("name") == "forceEvent")["in"] = "header"


def _drop_bearer(doc: dict[str, Any]) -> None:
    doc["paths"]["/job/{jobId}/redeploy"]["post"]["security"] = [{"ApiKeyAuth": []}]


def _remove_helm_operation(doc: dict[str, Any]) -> None:
    del doc["paths"]["/helm/{helmId}/redeploy"]


def _rename_operation(doc: dict[str, Any]) -> None:
    doc["paths"]["/job/{jobId}/redeploy"]["post"]["operationId"] = "redeployTheJob"


def _add_operation(doc: dict[str, Any]) -> None:
    doc["paths"]["/job/{jobId}/pause"] = {"post": {"operationId": "pauseJob", "responses": {"204": {}}}}


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        pytest.param(
            _remove_force_event, f"{JOB} › query forceEvent: parameter upstream has", id="query-param"
        ),
        pytest.param(_remove_409, f"{JOB} › 409: status code upstream documents is missing", id="code-409"),
        pytest.param(
            _remove_execution_id, f"{JOB} › 202 › Status.execution_id: property upstream has", id="property"
        ),
        pytest.param(
            _remove_unavailable,
            f"{JOB} › 202 › Status.state: enum value 'UNAVAILABLE' allowed upstream is missing here (StateEnum)",
            id="enum-state",
        ),
        pytest.param(
            _remove_skill,
            f"{ENV} › 202 › EnvironmentStatus.origin: enum value 'SKILL' allowed upstream is missing here",
            id="enum-origin",
        ),
        pytest.param(
            _count_as_string,
            f"{JOB} › 202 › Status.deployment_requests_count: type is string here, integer upstream",
            id="type",
        ),
        pytest.param(
            _id_as_date_time,
            f"{JOB} › 202 › Status.id: format is 'date-time' here, 'uuid' upstream",
            id="format",
        ),
        pytest.param(
            _require_execution_id,
            f"{JOB} › 202 › Status.execution_id: required here, but upstream may omit it",
            id="required-response",
        ),
        pytest.param(
            _request_id_not_nullable,
            f"{JOB} › 202 › Status.deployment_request_id: upstream allows null; it is not nullable here",
            id="nullable",
        ),
        pytest.param(
            _origin_not_nullable,
            f"{ENV} › 202 › EnvironmentStatus.origin: upstream allows null; it is not nullable here",
            id="nullable-enum-ref",
        ),
        pytest.param(
            _remove_reboot_body,
            f"{REBOOT} › request body: upstream accepts a body; none is described here",
            id="request-body",
        ),
        pytest.param(
            _require_container_ids,
            f"{REBOOT} › request body › RebootServicesRequest.container_ids: required here, but upstream accepts",
            id="required-request",
        ),
        pytest.param(
            _require_force_event,
            f"{JOB} › query forceEvent: required here, but upstream accepts",
            id="required-param",
        ),
        pytest.param(
            _force_event_in_header,
            f"{JOB} › query forceEvent: upstream takes it in query, this document in header",
            id="param-in",
        ),
        pytest.param(
            _drop_bearer, f"{JOB} › security: upstream accepts http bearer; not described here", id="security"
        ),
        pytest.param(_rename_operation, f"{JOB}: operationId is 'redeployTheJob' here", id="operation-id"),
        pytest.param(
            _add_operation, "POST /job/{jobId}/pause: operation is missing upstream", id="extra-operation"
        ),
    ],
)
def test_contradiction_is_reported(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    our_doc: dict[str, Any],
    mutate: Mutation,
    expected: str,
) -> None:
    code, out = run_mutated(tmp_path, capsys, our_doc, mutate)
    assert code == 1, out
    assert any(line.startswith(expected) for line in contradictions(out)), out
    assert not re.search(r"\b0 contradictions", out)


def test_upstream_operation_missing_here(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], our_doc: dict[str, Any]
) -> None:
    code, out = run_mutated(tmp_path, capsys, our_doc, _remove_helm_operation)
    assert code == 0, out
    assert f"{OUR_OPERATIONS - 1} operations compared" in out
    upstream = yaml.safe_load(UPSTREAM.read_text(encoding="utf-8"))
    upstream["paths"]["/job/{jobId}/redeploy"]["get"] = {"operationId": "peekJob", "responses": {"200": {}}}
    path = tmp_path / "upstream.yaml"
    path.write_text(yaml.safe_dump(upstream), encoding="utf-8")
    code, out = run(capsys, str(path), "--ours", str(OURS))
    assert code == 1
    assert "GET /job/{jobId}/redeploy: upstream has this operation on our path; not here" in out


def test_upstream_variable_names_do_not_matter(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    upstream = yaml.safe_load(UPSTREAM.read_text(encoding="utf-8"))
    item = upstream["paths"].pop("/job/{jobId}/redeploy")
    item["post"]["parameters"][0] = {
        "name": "id",
        "in": "path",
        "required": True,
        "schema": {"type": "string", "format": "uuid"},
    }
    upstream["paths"]["/job/{id}/redeploy"] = item
    path = tmp_path / "upstream.yaml"
    path.write_text(yaml.safe_dump(upstream), encoding="utf-8")
    code, out = run(capsys, "-v", str(path), "--ours", str(OURS))
    assert code == 0, out
    assert f"note: {JOB}: path variables are named differently upstream: /job/{{id}}/redeploy" in out


def _extra_enum_value(doc: dict[str, Any]) -> None:
    schemas(doc)["StateEnum"]["enum"].append("HIBERNATING")
    schemas(doc)["JobForceEvent"]["enum"].append("PAUSE")


def _extra_response_code(doc: dict[str, Any]) -> None:
    doc["paths"]["/job/{jobId}/redeploy"]["post"]["responses"]["503"] = {"description": "Unavailable."}


def _extra_optional_property(doc: dict[str, Any]) -> None:
    schemas(doc)["Status"]["properties"]["note"] = {"type": ["string", "null"]}
    schemas(doc)["Status"]["properties"]["execution_id"]["type"] = ["string", "null"]


@pytest.mark.parametrize(
    ("mutate", "note"),
    [
        pytest.param(_extra_enum_value, "enum values only here: 'HIBERNATING'", id="enum-value"),
        pytest.param(_extra_response_code, "status codes only here: 400, 429, 503", id="response-code"),
        pytest.param(_extra_optional_property, "Status.note: property only here", id="property"),
    ],
)
def test_looser_spec_passes_with_a_note(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], our_doc: dict[str, Any], mutate: Mutation, note: str
) -> None:
    doc = copy.deepcopy(our_doc)
    mutate(doc)
    path = tmp_path / "openapi.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    code, out = run(capsys, "--verbose", str(UPSTREAM), "--ours", str(path))
    assert code == 0, out
    assert note in out


def test_security_scheme_names_do_not_matter(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], our_doc: dict[str, Any]
) -> None:
    def rename(requirements: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [{"jwt" if name == "bearerAuth" else name: s for name, s in r.items()} for r in requirements]

    def rename_bearer(doc: dict[str, Any]) -> None:
        schemes = doc["components"]["securitySchemes"]
        schemes["jwt"] = schemes.pop("bearerAuth")
        doc["security"] = rename(doc["security"])
        for item in doc["paths"].values():
            for operation in item.values():
                if "security" in operation:
                    operation["security"] = rename(operation["security"])

    code, out = run_mutated(tmp_path, capsys, our_doc, rename_bearer)
    assert code == 0, out


def test_schema_cycles_are_followed_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], our_doc: dict[str, Any]
) -> None:
    def add_cycle(doc: dict[str, Any]) -> None:
        schemas(doc)["Status"]["properties"]["previous"] = {"$ref": "#/components/schemas/Status"}

    upstream = yaml.safe_load(UPSTREAM.read_text(encoding="utf-8"))
    add_cycle(upstream)
    up_path = tmp_path / "upstream.yaml"
    up_path.write_text(yaml.safe_dump(upstream), encoding="utf-8")
    doc = copy.deepcopy(our_doc)
    add_cycle(doc)
    del schemas(doc)["Status"]["properties"]["execution_id"]
    ours_path = tmp_path / "openapi.yaml"
    ours_path.write_text(yaml.safe_dump(doc), encoding="utf-8")
    code, out = run(capsys, str(up_path), "--ours", str(ours_path))
    assert code == 1
    assert f"{JOB} › 202 › Status.execution_id: property upstream has is missing here" in out


def test_missing_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(capsys, str(tmp_path / "nowhere.yaml"))
    assert code == 2
    assert "upstream-diff: error: cannot read" in out


@pytest.mark.parametrize(
    ("content", "message"),
    [
        pytest.param("paths: [unclosed", "neither JSON nor YAML", id="not-yaml"),
        pytest.param("just a string\n", "not an OpenAPI document", id="not-openapi"),
        pytest.param(
            "openapi: 3.0.0\npaths:\n  /other:\n    get:\n      responses: {}\n",
            "upstream has none of our operations",
            id="no-operations",
        ),
    ],
)
def test_unusable_upstream_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, message: str
) -> None:
    path = tmp_path / "upstream.yaml"
    path.write_text(content, encoding="utf-8")
    code, out = run(capsys, str(path))
    assert code == 2
    assert message in out
