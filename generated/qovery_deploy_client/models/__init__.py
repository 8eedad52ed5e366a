"""Contains all the data models used in inputs/outputs"""

from .environment_deployment_status_enum import EnvironmentDeploymentStatusEnum
from .environment_status import EnvironmentStatus
from .environment_status_event_origin_enum import EnvironmentStatusEventOriginEnum
from .environment_statuses import EnvironmentStatuses
from .helm_force_event import HelmForceEvent
from .job_force_event import JobForceEvent
from .reboot_services_request import RebootServicesRequest
from .service_action_enum import ServiceActionEnum
from .service_action_status_enum import ServiceActionStatusEnum
from .service_deployment_status_enum import ServiceDeploymentStatusEnum
from .service_step_metric import ServiceStepMetric
from .service_step_metric_name_enum import ServiceStepMetricNameEnum
from .service_step_metrics import ServiceStepMetrics
from .service_sub_action_enum import ServiceSubActionEnum
from .stage_step_metric import StageStepMetric
from .stage_step_metric_name_enum import StageStepMetricNameEnum
from .stage_step_metrics import StageStepMetrics
from .state_enum import StateEnum
from .status import Status
from .status_details import StatusDetails
from .step_metric_status_enum import StepMetricStatusEnum

__all__ = (
    "EnvironmentDeploymentStatusEnum",
    "EnvironmentStatus",
    "EnvironmentStatuses",
    "EnvironmentStatusEventOriginEnum",
    "HelmForceEvent",
    "JobForceEvent",
    "RebootServicesRequest",
    "ServiceActionEnum",
    "ServiceActionStatusEnum",
    "ServiceDeploymentStatusEnum",
    "ServiceStepMetric",
    "ServiceStepMetricNameEnum",
    "ServiceStepMetrics",
    "ServiceSubActionEnum",
    "StageStepMetric",
    "StageStepMetricNameEnum",
    "StageStepMetrics",
    "StateEnum",
    "Status",
    "StatusDetails",
    "StepMetricStatusEnum",
)
