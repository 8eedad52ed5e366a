from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ..._shapes import Shape
from ...client import AuthenticatedClient, RequestOptions, request_kwargs
from ...models.status import Status
from ...types import Response, uuid_argument

_OPERATION = "getJobStatus"
_MODEL_SHAPE_StatusDetails: Shape = {
    "type": "object",
    "model": "StatusDetails",
    "properties": {
        "action": {"type": "string", "enum": "ServiceActionEnum"},
        "status": {"type": "string", "enum": "ServiceActionStatusEnum"},
        "sub_action": {"type": "string", "enum": "ServiceSubActionEnum"},
    },
    "required": [
        "action",
        "status",
    ],
    "attributes": {
        "action": "action",
        "status": "status",
        "sub_action": "sub_action",
    },
}
_MODEL_SHAPE_ServiceStepMetric: Shape = {
    "type": "object",
    "model": "ServiceStepMetric",
    "properties": {
        "step_name": {"type": "string", "enum": "ServiceStepMetricNameEnum"},
        "status": {"type": "string", "enum": "StepMetricStatusEnum"},
        "duration_sec": {"type": "integer"},
    },
    "required": [],
    "attributes": {
        "step_name": "step_name",
        "status": "status",
        "duration_sec": "duration_sec",
    },
}
_MODEL_SHAPE_ServiceStepMetrics: Shape = {
    "type": "object",
    "model": "ServiceStepMetrics",
    "properties": {
        "total_duration_sec": {
            "anyOf": [
                {"type": "integer"},
                {"type": "null"},
            ]
        },
        "total_computing_duration_sec": {"type": "integer"},
        "details": {"type": "array", "items": _MODEL_SHAPE_ServiceStepMetric},
    },
    "required": [
        "total_duration_sec",
        "total_computing_duration_sec",
        "details",
    ],
    "attributes": {
        "total_duration_sec": "total_duration_sec",
        "total_computing_duration_sec": "total_computing_duration_sec",
        "details": "details",
    },
}
_MODEL_SHAPE_Status: Shape = {
    "type": "object",
    "model": "Status",
    "properties": {
        "id": {"type": "string", "format": "uuid"},
        "state": {"type": "string", "enum": "StateEnum"},
        "service_deployment_status": {"type": "string", "enum": "ServiceDeploymentStatusEnum"},
        "status_details": _MODEL_SHAPE_StatusDetails,
        "last_deployment_date": {"type": "string", "format": "date-time"},
        "is_part_last_deployment": {"type": "boolean"},
        "steps": _MODEL_SHAPE_ServiceStepMetrics,
        "execution_id": {"type": "string"},
        "deployment_request_id": {
            "anyOf": [
                {"type": "string", "format": "uuid"},
                {"type": "null"},
            ]
        },
        "deployment_requests_count": {"type": "integer"},
    },
    "required": [
        "id",
        "state",
        "service_deployment_status",
        "status_details",
    ],
    "attributes": {
        "id": "id",
        "state": "state",
        "service_deployment_status": "service_deployment_status",
        "status_details": "status_details",
        "last_deployment_date": "last_deployment_date",
        "is_part_last_deployment": "is_part_last_deployment",
        "steps": "steps",
        "execution_id": "execution_id",
        "deployment_request_id": "deployment_request_id",
        "deployment_requests_count": "deployment_requests_count",
    },
}

# The documented shape of a 200 answer, checked before its model is built.
_SHAPE_200: Shape = _MODEL_SHAPE_Status


def _get_kwargs(
    job_id: UUID,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/job/{job_id}/status".format(
            job_id=quote(str(uuid_argument("job_id", job_id)), safe=""),
        ),
    }

    return _kwargs


def _parse_response(*, response: httpx.Response) -> Status:
    if response.status_code == 200:

        def _parse_200(data: Any) -> Status:
            response_200 = Status.from_dict(data)

            return response_200

        return errors.parse_body(_OPERATION, response, _parse_200, _SHAPE_200)

    raise errors.error_for_response(_OPERATION, response)


def _build_response(*, response: httpx.Response) -> Response[Status]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(response=response),
    )


def sync_detailed(
    job_id: UUID,
    *,
    client: AuthenticatedClient,
    options: RequestOptions | None = None,
) -> Response[Status]:
    """Read a job's deployment status (operation `getJobStatus`).

     Where the job's deployment stands: the state, the action under way and its steps.

    Args:
        job_id (UUID):
        options (RequestOptions | None): This call's timeout and retry policy, instead of the client's.

    Raises:
        errors.APIStatusError: The answer is not a success. A subclass tells the status apart:
            BadRequestError (400), AuthenticationError (401), PermissionDeniedError (403),
            NotFoundError (404), ConflictError (409), RateLimitError (429), InternalServerError (5xx).
        errors.ResponseValidationError: A success whose body is not the documented JSON; names the field.
        errors.ResponseBodyError: A body that cannot be read (broken compression, too big).
        errors.InvalidArgumentError: An argument the spec does not allow; nothing was sent.
        errors.APITimeoutError: No complete answer within the timeout (per read, or the call's total);
            the httpx error is its cause.
        errors.APIConnectionError: The connection failed and retries, if any, did not help.

    Returns:
        Response[Status]: the status, headers, raw body and parsed model.
    """

    kwargs = _get_kwargs(
        job_id=job_id,
    )

    with errors.transport_errors(_OPERATION):
        response = client.get_httpx_client().request(**kwargs, **request_kwargs(_OPERATION, options))

    return _build_response(response=response)


def sync(
    job_id: UUID,
    *,
    client: AuthenticatedClient,
    options: RequestOptions | None = None,
) -> Status:
    """Read a job's deployment status (operation `getJobStatus`).

     Where the job's deployment stands: the state, the action under way and its steps.

    Args:
        job_id (UUID):
        options (RequestOptions | None): This call's timeout and retry policy, instead of the client's.

    Raises:
        errors.APIStatusError: The answer is not a success. A subclass tells the status apart:
            BadRequestError (400), AuthenticationError (401), PermissionDeniedError (403),
            NotFoundError (404), ConflictError (409), RateLimitError (429), InternalServerError (5xx).
        errors.ResponseValidationError: A success whose body is not the documented JSON; names the field.
        errors.ResponseBodyError: A body that cannot be read (broken compression, too big).
        errors.InvalidArgumentError: An argument the spec does not allow; nothing was sent.
        errors.APITimeoutError: No complete answer within the timeout (per read, or the call's total);
            the httpx error is its cause.
        errors.APIConnectionError: The connection failed and retries, if any, did not help.

    Returns:
        Status
    """

    return sync_detailed(
        job_id=job_id,
        client=client,
        options=options,
    ).parsed


async def asyncio_detailed(
    job_id: UUID,
    *,
    client: AuthenticatedClient,
    options: RequestOptions | None = None,
) -> Response[Status]:
    """Read a job's deployment status (operation `getJobStatus`).

     Where the job's deployment stands: the state, the action under way and its steps.

    Args:
        job_id (UUID):
        options (RequestOptions | None): This call's timeout and retry policy, instead of the client's.

    Raises:
        errors.APIStatusError: The answer is not a success. A subclass tells the status apart:
            BadRequestError (400), AuthenticationError (401), PermissionDeniedError (403),
            NotFoundError (404), ConflictError (409), RateLimitError (429), InternalServerError (5xx).
        errors.ResponseValidationError: A success whose body is not the documented JSON; names the field.
        errors.ResponseBodyError: A body that cannot be read (broken compression, too big).
        errors.InvalidArgumentError: An argument the spec does not allow; nothing was sent.
        errors.APITimeoutError: No complete answer within the timeout (per read, or the call's total);
            the httpx error is its cause.
        errors.APIConnectionError: The connection failed and retries, if any, did not help.

    Returns:
        Response[Status]: the status, headers, raw body and parsed model.
    """

    kwargs = _get_kwargs(
        job_id=job_id,
    )

    with errors.transport_errors(_OPERATION):
        response = await client.get_async_httpx_client().request(**kwargs, **request_kwargs(_OPERATION, options))

    return _build_response(response=response)


async def asyncio(
    job_id: UUID,
    *,
    client: AuthenticatedClient,
    options: RequestOptions | None = None,
) -> Status:
    """Read a job's deployment status (operation `getJobStatus`).

     Where the job's deployment stands: the state, the action under way and its steps.

    Args:
        job_id (UUID):
        options (RequestOptions | None): This call's timeout and retry policy, instead of the client's.

    Raises:
        errors.APIStatusError: The answer is not a success. A subclass tells the status apart:
            BadRequestError (400), AuthenticationError (401), PermissionDeniedError (403),
            NotFoundError (404), ConflictError (409), RateLimitError (429), InternalServerError (5xx).
        errors.ResponseValidationError: A success whose body is not the documented JSON; names the field.
        errors.ResponseBodyError: A body that cannot be read (broken compression, too big).
        errors.InvalidArgumentError: An argument the spec does not allow; nothing was sent.
        errors.APITimeoutError: No complete answer within the timeout (per read, or the call's total);
            the httpx error is its cause.
        errors.APIConnectionError: The connection failed and retries, if any, did not help.

    Returns:
        Status
    """

    return (
        await asyncio_detailed(
            job_id=job_id,
            client=client,
            options=options,
        )
    ).parsed
