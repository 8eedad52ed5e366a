"""Use the generated package as installed on its own, without this repository on the path."""

import json
import sys
from uuid import uuid4

import httpx
import qovery_deploy_client
from qovery_deploy_client import AuthenticatedClient, errors
from qovery_deploy_client.api.database_actions import redeploy_database
from qovery_deploy_client.api.environment_actions import reboot_services, redeploy_environment
from qovery_deploy_client.api.helm_actions import redeploy_helm
from qovery_deploy_client.api.job_actions import redeploy_job
from qovery_deploy_client.models import RebootServicesRequest

assert "site-packages" in qovery_deploy_client.__file__, qovery_deploy_client.__file__
resource = uuid4()
status = {
    "id": str(resource),
    "state": "DEPLOYMENT_QUEUED",
    "service_deployment_status": "OUT_OF_DATE",
    "status_details": {"action": "DEPLOY", "status": "QUEUED"},
}
environment = {"id": str(resource), "state": "DEPLOYMENT_QUEUED", "last_deployment_state": "DEPLOYED"}


def answer(request: httpx.Request) -> httpx.Response:
    assert request.headers["authorization"] == "Token smoke"
    body = environment if request.url.path == f"/environment/{resource}/redeploy" else status
    return httpx.Response(202, content=json.dumps(body).encode())


client = AuthenticatedClient(
    base_url="http://qovery.invalid", token="smoke", httpx_args={"transport": httpx.MockTransport(answer)}
)
assert redeploy_job.sync(resource, client=client).id == resource
assert redeploy_environment.sync(resource, client=client).last_deployment_state == "DEPLOYED"
assert redeploy_database.sync(resource, client=client, apply_immediately=True).state == "DEPLOYMENT_QUEUED"
assert redeploy_helm.sync(resource, client=client).status_details.action == "DEPLOY"
assert reboot_services.sync(resource, client=client, body=RebootServicesRequest(application_ids=[uuid4()])).id
try:
    redeploy_job.sync("not-a-uuid", client=client)  # type: ignore[arg-type]
except errors.InvalidArgumentError:
    pass
else:
    sys.exit("a malformed id was sent")
print(
    f"check-package: {qovery_deploy_client.__name__} works installed on its own from {qovery_deploy_client.__file__}"
)
