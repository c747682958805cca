import '#app/platform/platform_routes'
import '#app/access/session_routes'
import '#app/access/token_routes'
import '#app/overview/overview_routes'
import '#app/samples/samples_routes'
import '#app/notifications/notifications_routes'
import '#app/monitoring/board/board_routes'
import '#app/incidents/incident_routes'
import '#app/devices/discovery_routes'
import '#app/imports/import_routes'
import { registerResource } from '#app/core/resource_routes'
import { readOnlyResources, writableResources } from '#app/resources'

for (const resource of writableResources) registerResource(resource)
for (const resource of readOnlyResources) registerResource(resource, { readOnly: true })
