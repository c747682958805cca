import '#app/platform/platform_routes'
import '#app/access/session_routes'
import '#app/samples/samples_routes'
import '#app/line_quality/latency_routes'
import '#app/notifications/notifications_routes'
import '#app/monitoring/board/board_routes'
import '#app/incidents/incident_routes'
import '#app/security_grading/security_grading_routes'
import '#app/problems/problem_routes'
import '#app/changes/change_routes'
import '#app/devices/discovery_routes'
import '#app/indicators/indicator_routes'
import '#app/device_health/device_health_routes'
import { registerResource } from '#app/core/resource_routes'
import { isServed } from '#app/core/registration'
import { REGISTRY } from '#app/resources'

// Each resource of the registry: the generic routes for a definition, or the domain's own.
for (const resource of REGISTRY) {
  if (isServed(resource)) registerResource(resource.definition, { readOnly: resource.readOnly })
  else await resource.routes()
}
