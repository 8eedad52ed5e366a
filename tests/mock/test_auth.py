"""Authentication (401) and ownership (403)."""

from __future__ import annotations

import pytest

from tests.mock.mock_test_support import (
    GROUP_OF_OPERATION,
    OPERATIONS,
    Api,
    assert_conforms,
    assert_error_body,
    operation_path,
)


@pytest.mark.parametrize("scheme", ["Token", "Bearer", "token", "BEARER"])
def test_both_schemes_are_accepted(api: Api, scheme: str) -> None:
    response = api.client(scheme=scheme).post(f"/job/{api.ids['jobs'][0]}/redeploy")
    assert response.status_code == 202


def test_every_token_of_the_organization_is_accepted(api: Api) -> None:
    for token in api.mock.tokens[api.mock.organization_id]:
        assert api.client(token).post(f"/helm/{api.ids['helms'][0]}/redeploy").status_code == 202


@pytest.mark.parametrize(
    ("header", "fragment"),
    [
        (None, "missing Authorization header"),
        ("", "malformed"),
        ("Token", "malformed"),
        ("Basic dXNlcjpwYXNz", "malformed"),
        ("Token two words", "malformed"),
        ("qov_acme_81e2d03c7589b091f47084b970a1d38a", "malformed"),
        ("Token not-a-known-token", "unknown"),
        ("Bearer eyJhbGciOiJIUzI1NiJ9.e30.invalid", "unknown"),
    ],
    ids=["none", "empty", "scheme-only", "basic", "two-words", "no-scheme", "unknown", "jwt"],
)
@pytest.mark.parametrize("operation_id", OPERATIONS)
def test_missing_malformed_or_unknown_tokens_get_401(
    api: Api, operation_id: str, header: str | None, fragment: str
) -> None:
    client = api.client(None)
    if header is not None:
        client.headers["Authorization"] = header
    resource = api.ids[GROUP_OF_OPERATION[operation_id]][0]
    before = api.mock.resource(resource)["total_deployment_requests"]
    response = client.post(operation_path(operation_id, resource))
    assert_error_body(response, 401, fragment)
    assert "www-authenticate" in response.headers
    assert api.mock.resource(resource)["total_deployment_requests"] == before


def test_401_comes_before_input_validation(api: Api) -> None:
    response = api.client(None).post("/job/not-a-uuid/redeploy", params={"forceEvent": "NOPE"})
    assert_error_body(response, 401)
    response = api.client("wrong").post(
        f"/environment/{api.ids['environments'][0]}/service/restart-service", content=b"{not json"
    )
    assert_error_body(response, 401)


@pytest.mark.parametrize("operation_id", OPERATIONS)
def test_another_organizations_resources_get_403(api: Api, operation_id: str) -> None:
    client = api.client()
    for resource in api.mock.foreign_ids[GROUP_OF_OPERATION[operation_id]]:
        response = client.post(operation_path(operation_id, resource))
        assert_error_body(response, 403, resource)
        assert api.mock.resource(resource)["total_deployment_requests"] == 0


def test_the_other_organizations_token_works_on_its_own_resources(api: Api) -> None:
    assert api.mock.foreign_token is not None
    client = api.client(api.mock.foreign_token)
    response = client.post(f"/job/{api.mock.foreign_ids['jobs'][0]}/redeploy")
    assert response.status_code == 202
    assert response.json()["deployment_requests_count"] == 1
    assert_error_body(client.post(f"/job/{api.ids['jobs'][0]}/redeploy"), 403)


def test_restart_of_a_foreign_environment_with_its_own_services_gets_403(api: Api) -> None:
    environment = api.mock.foreign_ids["environments"][0]
    services = api.mock.services(environment)
    response = api.client().post(
        f"/environment/{environment}/service/restart-service",
        json={"application_ids": services["applications"]},
    )
    assert_error_body(response, 403)


def test_foreign_token_answers_conform_too(api: Api) -> None:
    client = api.client(api.mock.foreign_token)
    environment = api.mock.foreign_ids["environments"][0]
    response = client.post(f"/environment/{environment}/redeploy")
    assert response.status_code == 202
    assert_conforms("redeployEnvironment", response.json())
    assert response.json()["triggered_by"] == api.mock.fixture.organizations[1].user
