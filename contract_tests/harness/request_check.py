"""Whether a request on the wire is one the spec documents for an operation."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

import httpx

from contract_tests.harness.spec import Operation, Parameter, Spec


def wire_value(parameter: Parameter, text: str) -> Any:
    """A query or path value read with the type its schema declares, as OpenAPI's `form`/`simple` styles send it."""
    declared = parameter.schema.get("type")
    if declared == "boolean":
        return {"true": True, "false": False}.get(text, text)
    if declared == "integer":
        try:
            return int(text)
        except ValueError:
            return text
    return text


def _check_value(spec: Spec, parameter: Parameter, text: str) -> list[str]:
    value = wire_value(parameter, text)
    return [
        f"{parameter.location} parameter `{parameter.name}`={text!r}: {error.message}"
        for error in spec.validator(parameter.schema).iter_errors(value)
    ]


def _check_path(spec: Spec, operation: Operation, url: httpx.URL, base_path: str) -> list[str]:
    path = url.raw_path.decode("ascii").split("?", 1)[0]
    if base_path and path.startswith(base_path):
        path = path[len(base_path) :]
    match = operation.path_pattern().match(path)
    if match is None:
        return [f"path {path!r} does not match {operation.path!r}"]
    problems: list[str] = []
    for parameter in operation.parameters_in("path"):
        problems += _check_value(spec, parameter, unquote(match.group(parameter.name)))
    return problems


def _check_query(spec: Spec, operation: Operation, url: httpx.URL) -> list[str]:
    declared = {parameter.name: parameter for parameter in operation.parameters_in("query")}
    pairs = parse_qsl(urlsplit(str(url)).query, keep_blank_values=True)
    problems: list[str] = []
    seen: set[str] = set()
    for name, text in pairs:
        if name not in declared:
            problems.append(f"query parameter `{name}` is not documented")
            continue
        if name in seen:
            problems.append(f"query parameter `{name}` is sent more than once")
        seen.add(name)
        problems += _check_value(spec, declared[name], text)
    problems += [
        f"required query parameter `{name}` is missing"
        for name, parameter in declared.items()
        if parameter.required and name not in seen
    ]
    return problems


def _check_auth(spec: Spec, operation: Operation, headers: httpx.Headers) -> list[str]:
    schemes = spec.security_schemes()
    for requirement in operation.security:
        if all(_satisfies(schemes[name], headers) for name in requirement):
            return []
    return ["no documented credentials: the request satisfies none of the operation's security requirements"]


def _satisfies(scheme: Mapping[str, Any], headers: httpx.Headers) -> bool:
    if scheme["type"] == "apiKey" and scheme["in"] == "header":
        value = headers.get(scheme["name"], "")
        return bool(value.strip())
    if scheme["type"] == "http":
        value = headers.get("authorization", "")
        prefix = f"{scheme['scheme']} "
        return value.lower().startswith(prefix.lower()) and bool(value[len(prefix) :].strip())
    return False


def _check_body(spec: Spec, operation: Operation, request: httpx.Request) -> list[str]:
    content = request.content
    if not content:
        return ["the required request body is missing"] if operation.body_required else []
    if operation.body_schema is None:
        return ["a body is sent, but the operation documents none"]
    media_type = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if media_type not in operation.body_media_types:
        return [
            f"body media type {media_type or '(none)'!r} is not one of {list(operation.body_media_types)}"
        ]
    try:
        document = json.loads(content)
    except ValueError as error:
        return [f"the body is not JSON: {error}"]
    return [
        f"body at {error.json_path}: {error.message}"
        for error in spec.validator(operation.body_schema).iter_errors(document)
    ]


def check_request(spec: Spec, operation: Operation, request: httpx.Request, base_url: str) -> list[str]:
    """Every way `request` departs from what the spec documents for `operation`; empty when it conforms."""
    problems: list[str] = []
    if request.method.upper() != operation.method:
        problems.append(f"method {request.method} instead of {operation.method}")
    base_path = urlsplit(base_url).path.rstrip("/")
    problems += _check_path(spec, operation, request.url, base_path)
    problems += _check_query(spec, operation, request.url)
    problems += _check_auth(spec, operation, request.headers)
    problems += _check_body(spec, operation, request)
    return problems


def sent_values(operation: Operation, request: httpx.Request, base_url: str) -> dict[str, Any]:
    """The path parameters, query and body the request carries, read back as the spec types them."""
    path = request.url.raw_path.decode("ascii").split("?", 1)[0]
    base_path = urlsplit(base_url).path.rstrip("/")
    if base_path and path.startswith(base_path):
        path = path[len(base_path) :]
    match = operation.path_pattern().match(path)
    declared = {parameter.name: parameter for parameter in operation.parameters}
    path_values = {name: unquote(value) for name, value in (match.groupdict() if match else {}).items()}
    query = {
        name: wire_value(declared[name], text) if name in declared else text
        for name, text in parse_qsl(urlsplit(str(request.url)).query, keep_blank_values=True)
    }
    body = json.loads(request.content) if request.content else None
    return {"path": path_values, "query": query, "body": body}
