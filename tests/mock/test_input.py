"""Input errors: 400, 413, 404, 409, and the order the checks run in."""

from __future__ import annotations

import json
import uuid

import pytest

from qovery_mock import create_app
from qovery_mock.transport import MockTransport
from tests.mock.mock_test_support import (
    GROUP_OF_OPERATION,
    OPERATIONS,
    Api,
    assert_error_body,
    operation_path,
)

RESTART = "/environment/{}/service/restart-service"
BAD_IDS = [
    "not-a-uuid",
    "1234",
    "6f1c8a024d2e4b8f9a510c3e7d9b1a44",
    "{6f1c8a02-4d2e-4b8f-9a51-0c3e7d9b1a44}",
    "6f1c8a02-4d2e-4b8f-9a51-0c3e7d9b1a4g",
    "6f1c8a02-4d2e-4b8f-9a51-0c3e7d9b1a44x",
    "%20",
    "a%2Fb",
    "%00",
    "%C3%A9t%C3%A9",
    "..",
]


@pytest.mark.parametrize("operation_id", OPERATIONS)
@pytest.mark.parametrize("bad_id", BAD_IDS)
def test_malformed_ids_get_400(api: Api, operation_id: str, bad_id: str) -> None:
    response = api.client().post(operation_path(operation_id, bad_id))
    if bad_id == "..":
        # A dot segment is normalised away by the client, so no operation matches.
        assert_error_body(response, 404)
        return
    name = operation_path(operation_id, "{x}").split("/")[1]
    assert_error_body(response, 400, "path parameter", f"{name}Id")


def test_an_empty_id_gets_400(api: Api) -> None:
    assert_error_body(api.client().post("/job//redeploy"), 400, "jobId")


@pytest.mark.parametrize("event", ["NOPE", "start", "", "DIFF", "START,STOP", " START"])
def test_unknown_job_events_get_400(api: Api, event: str) -> None:
    response = api.client().post(f"/job/{api.ids['jobs'][0]}/redeploy", params={"forceEvent": event})
    assert_error_body(response, 400, "forceEvent", "is not one of")


@pytest.mark.parametrize("event", ["START", "diff", "", "DIFFERENT"])
def test_unknown_helm_events_get_400(api: Api, event: str) -> None:
    response = api.client().post(f"/helm/{api.ids['helms'][0]}/redeploy", params={"forceEvent": event})
    assert_error_body(response, 400, "forceEvent")


def test_a_repeated_query_parameter_gets_400(api: Api) -> None:
    response = api.client().post(f"/job/{api.ids['jobs'][0]}/redeploy?forceEvent=START&forceEvent=STOP")
    assert_error_body(response, 400, "forceEvent", "2 times")


@pytest.mark.parametrize("value", ["yes", "1", "0", "", "truee", "null"])
def test_bad_apply_immediately_gets_400(api: Api, value: str) -> None:
    response = api.client().post(
        f"/database/{api.ids['databases'][0]}/redeploy", params={"applyImmediately": value}
    )
    assert_error_body(response, 400, "applyImmediately", "boolean")


def test_unknown_query_parameters_are_ignored(api: Api) -> None:
    response = api.client().post(f"/environment/{api.ids['environments'][0]}/redeploy", params={"foo": "bar"})
    assert response.status_code == 202


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        (b"{not json", "not valid JSON"),
        (b'{"application_ids": [', "not valid JSON"),
        (b"\xff\xfe", "not valid JSON"),
        (b"[]", "is not of type 'object'"),
        (b"null", "is not of type 'object'"),
        (b'"text"', "is not of type 'object'"),
        (b"42", "is not of type 'object'"),
        (b'{"application_ids": "5b8e1d40-2a7c-4f63-9e05-3c1f8b6d4a92"}', "application_ids"),
        (b'{"application_ids": ["nope"]}', "$.application_ids[0]"),
        (b'{"container_ids": [42]}', "$.container_ids[0]"),
        (b'{"database_ids": [null]}', "$.database_ids[0]"),
        (b'{"application_ids": [NaN]}', "not valid JSON"),
        (b'{"application_ids": {"a": 1}}', "application_ids"),
        (b"[" * 100_000 + b"]" * 100_000, "body"),
        (b'{"application_ids": ' + b"[" * 5000 + b"]" * 5000 + b"}", "body"),
        (b'{"a": 1' + b"1" * 5000 + b"}", "not valid JSON"),
    ],
    ids=[
        "garbage",
        "truncated",
        "not-utf8",
        "array",
        "null",
        "string",
        "number",
        "ids-not-list",
        "id-not-uuid",
        "id-number",
        "id-null",
        "nan",
        "ids-object",
        "deep-nesting",
        "deep-nesting-inside",
        "huge-number",
    ],
)
def test_malformed_restart_bodies_get_400(api: Api, body: bytes, fragment: str) -> None:
    environment = api.ids["environments"][0]
    response = api.client().post(
        RESTART.format(environment), content=body, headers={"Content-Type": "application/json"}
    )
    assert_error_body(response, 400, fragment)
    assert api.mock.resource(environment)["total_deployment_requests"] == 0


def test_a_body_of_another_media_type_gets_400(api: Api) -> None:
    response = api.client().post(
        RESTART.format(api.ids["environments"][0]),
        content=b"application_ids=x",
        headers={"Content-Type": "text/plain"},
    )
    assert_error_body(response, 400, "must be JSON", "text/plain")


def test_a_json_suffixed_media_type_is_accepted(api: Api) -> None:
    response = api.client().post(
        RESTART.format(api.ids["environments"][0]),
        content=b"{}",
        headers={"Content-Type": "application/merge+json"},
    )
    assert response.status_code == 202


@pytest.mark.parametrize("body", [b"", b"   ", b"{}", b'{"application_ids": []}', b'{"unknown_ids": ["x"]}'])
def test_a_restart_with_no_ids_restarts_only_the_environment(api: Api, body: bytes) -> None:
    environment = api.ids["environments"][0]
    services = api.mock.services(environment)
    response = api.client().post(
        RESTART.format(environment),
        content=body,
        headers={"Content-Type": "application/json"} if body else {},
    )
    assert response.status_code == 202, response.text
    assert response.json()["state"] == "RESTART_QUEUED"
    assert api.mock.resource(environment)["deployment_requests_count"] == 1
    for ids in services.values():
        for service in ids:
            assert api.mock.resource(service)["total_deployment_requests"] == 0


def test_a_body_over_the_cap_gets_413(api: Api) -> None:
    limit = api.mock.body_limit
    assert limit == 1024 * 1024
    environment = api.ids["environments"][0]
    body = b'{"application_ids": []}'
    at_limit = body + b" " * (limit - len(body))
    client = api.client()
    accepted = client.post(
        RESTART.format(environment), content=at_limit, headers={"Content-Type": "application/json"}
    )
    assert accepted.status_code == 202
    refused = client.post(
        RESTART.format(environment), content=at_limit + b" ", headers={"Content-Type": "application/json"}
    )
    assert_error_body(refused, 413, str(limit))
    big = json.dumps({"application_ids": [str(uuid.uuid4()) for _ in range(40_000)]}).encode()
    assert_error_body(client.post(RESTART.format(environment), content=big), 413)
    assert api.mock.resource(environment)["total_deployment_requests"] == 1
    assert client.post(RESTART.format(environment)).status_code == 202


def test_a_streamed_body_over_the_cap_gets_413(api: Api) -> None:
    def chunks() -> object:
        for _ in range(40):
            yield b" " * 65536

    response = api.client().post(RESTART.format(api.ids["environments"][0]), content=chunks())
    assert_error_body(response, 413)


def test_redeploys_ignore_a_body(api: Api) -> None:
    response = api.client().post(f"/job/{api.ids['jobs'][0]}/redeploy", content=b"{not json" * 200_000)
    assert response.status_code == 202


@pytest.mark.parametrize("operation_id", OPERATIONS)
def test_unknown_ids_get_404(api: Api, operation_id: str) -> None:
    unknown = str(uuid.uuid4())
    response = api.client().post(operation_path(operation_id, unknown))
    assert_error_body(response, 404, unknown)


@pytest.mark.parametrize("operation_id", OPERATIONS)
def test_an_id_of_another_kind_gets_404(api: Api, operation_id: str) -> None:
    other_group = "jobs" if GROUP_OF_OPERATION[operation_id] != "jobs" else "databases"
    response = api.client().post(operation_path(operation_id, api.ids[other_group][0]))
    assert_error_body(response, 404)


def test_uppercase_ids_name_the_same_resource(api: Api) -> None:
    job = api.ids["jobs"][0]
    response = api.client().post(f"/job/{job.upper()}/redeploy")
    assert response.status_code == 202
    assert response.json()["id"] == job


def test_restart_ids_outside_the_environment_get_404_naming_them(api: Api) -> None:
    production, staging = api.ids["environments"][:2]
    staging_app = api.mock.services(staging)["applications"][0]
    production_app = api.mock.services(production)["applications"][0]
    unknown = str(uuid.uuid4())
    container_as_app = api.mock.services(production)["containers"][0]
    response = api.client().post(
        RESTART.format(production),
        json={"application_ids": [production_app, staging_app, unknown, container_as_app]},
    )
    body = assert_error_body(response, 404, production, staging_app, unknown, container_as_app)
    assert production_app not in body["message"]
    assert api.mock.resource(production_app)["total_deployment_requests"] == 0


@pytest.mark.parametrize("operation_id", OPERATIONS)
def test_resources_being_deleted_get_409(api: Api, operation_id: str) -> None:
    ids = api.mock.deleting_ids[GROUP_OF_OPERATION[operation_id]]
    assert ids
    for resource in ids:
        response = api.client().post(operation_path(operation_id, resource))
        assert_error_body(response, 409, resource)
        assert api.mock.resource(resource)["total_deployment_requests"] == 0


def test_restarting_a_service_being_deleted_gets_409(tmp_path: object) -> None:
    env, app_ok, app_gone = (str(uuid.uuid4()) for _ in range(3))
    fixtures = {
        "organizations": [
            {
                "id": str(uuid.uuid4()),
                "tokens": ["t"],
                "environments": [
                    {"id": env, "applications": [{"id": app_ok}, {"id": app_gone, "deleting": True}]}
                ],
            }
        ]
    }
    app = create_app(fixtures)
    transport = MockTransport(app)
    import httpx

    with httpx.Client(
        base_url="http://m", transport=transport, headers={"Authorization": "Token t"}
    ) as client:
        response = client.post(RESTART.format(env), json={"application_ids": [app_ok, app_gone]})
        assert_error_body(response, 409, app_gone)
        assert app.state.mock.resource(app_ok)["total_deployment_requests"] == 0
        assert client.post(RESTART.format(env), json={"application_ids": [app_ok]}).status_code == 202


def test_the_order_of_checks(api: Api) -> None:
    """401, then 400/413, then 404, then 403, then 409."""
    client = api.client()
    unknown = str(uuid.uuid4())
    # 400 before 404: a bad query on an unknown id.
    assert_error_body(client.post(f"/job/{unknown}/redeploy", params={"forceEvent": "NOPE"}), 400)
    # 413 before 404.
    assert_error_body(client.post(RESTART.format(unknown), content=b" " * (api.mock.body_limit + 1)), 413)
    # 400 (body) before 404 and 403.
    assert_error_body(client.post(RESTART.format(unknown), content=b"[]"), 400)
    foreign_env = api.mock.foreign_ids["environments"][0]
    assert_error_body(client.post(RESTART.format(foreign_env), content=b"[]"), 400)
    # 404 (ids not in the environment) before 403.
    assert_error_body(
        client.post(RESTART.format(foreign_env), json={"application_ids": [api.ids["applications"][0]]}), 404
    )
    # 400 before 409.
    deleting_job = api.mock.deleting_ids["jobs"][0]
    assert_error_body(client.post(f"/job/{deleting_job}/redeploy", params={"forceEvent": "x"}), 400)


def test_403_comes_before_409() -> None:
    owner, other = str(uuid.uuid4()), str(uuid.uuid4())
    job = str(uuid.uuid4())
    fixtures = {
        "organizations": [
            {"id": owner, "tokens": ["mine"]},
            {
                "id": other,
                "tokens": ["theirs"],
                "environments": [{"id": str(uuid.uuid4()), "deleting": True, "jobs": [{"id": job}]}],
            },
        ]
    }
    import httpx

    app = create_app(fixtures)
    with httpx.Client(base_url="http://m", transport=MockTransport(app)) as client:
        assert_error_body(client.post(f"/job/{job}/redeploy", headers={"Authorization": "Token mine"}), 403)
        assert_error_body(client.post(f"/job/{job}/redeploy", headers={"Authorization": "Token theirs"}), 409)


def test_unknown_paths_and_methods(api: Api) -> None:
    client = api.client()
    assert_error_body(client.post("/jobs/x/redeploy"), 404)
    assert_error_body(client.post(f"/job/{api.ids['jobs'][0]}/redeploy/"), 404)
    response = client.get(f"/job/{api.ids['jobs'][0]}/redeploy")
    assert_error_body(response, 405)
    assert response.headers["allow"] == "POST"
    assert_error_body(client.get("/_mock/nothing"), 404)
