import { Collector, type CollectorOptions } from '#collectors/polling/collector'
import type { QueueSite } from '#collectors/polling/wire'
import { devicesAt, resolveDeviceTarget, trapCredentials } from '#app/monitoring/ingest/targets'
import { TrapListener } from '#collectors/polling/trap_listener'
import { snmpTraps } from '#app/platform/metrics'
import { instrumentCollector, instrumentMonitoringWorker } from '#app/monitoring/ingest/instrument'
import { MonitoringWorker, type MonitoringWorkerOptions } from '#app/monitoring/ingest/monitoring_worker'
import { ScheduleSync, type ScheduleSyncOptions } from '#app/monitoring/ingest/schedule_sync'
import { startOutboxRelay } from '#app/monitoring/events_outbox'
import { defaultSite } from '#app/platform/queues'

/**
 * A collector process's parts: the BullMQ worker that polls (collectors/polling), given the
 * service-side device lookup and the metrics. What `node ace collector:run` starts.
 */
export function startCollector(options: Partial<Omit<CollectorOptions, 'resolveTarget'>> & { site?: QueueSite } = {}) {
  const collector = new Collector({ ...options, site: options.site ?? defaultSite(), resolveTarget: resolveDeviceTarget })
  return instrumentCollector(collector)
}

/**
 * The trap receiver of a collector process (`collector:run --traps-port`): linkDown, linkUp,
 * coldStart and warmStart become immediate polls of the devices at the trap's address. Accepts
 * the devices' own communities and SNMPv3 users, plus `communities`.
 */
export async function startTrapListener(options: {
  port: number
  address?: string
  communities?: string[]
  site?: QueueSite
  refreshMs?: number
  recheckMs?: number
}) {
  const listener = await TrapListener.start({
    site: options.site ?? defaultSite(),
    port: options.port,
    address: options.address,
    refreshMs: options.refreshMs,
    recheckMs: options.recheckMs,
    credentials: () => trapCredentials(options.communities),
    devicesAt,
  })
  listener.on('trap', (outcome) => snmpTraps.inc({ kind: outcome.kind, action: outcome.action }))
  listener.on('rejected', (rejection) => snmpTraps.inc({ kind: 'rejected', action: rejection.reason }))
  listener.on('dropped', (drops) => snmpTraps.inc({ kind: 'dropped', action: 'flood' }, drops.count))
  return listener
}

/**
 * A monitoring worker process's parts: the link-samples consumer and the schedule sync. What
 * `node ace monitoring:work` starts.
 */
export async function startMonitoring(
  options: Partial<Omit<MonitoringWorkerOptions, 'site'>> & { site?: QueueSite; sync?: ScheduleSyncOptions | false } = {}
) {
  const site = options.site ?? defaultSite()
  const worker = instrumentMonitoringWorker(new MonitoringWorker({ ...options, site }))
  let sync: ScheduleSync | null = null
  if (options.sync !== false) {
    sync = new ScheduleSync(site, options.sync || {})
    await sync.start()
  }
  // Events whose process died between its commit and the queue go out from here.
  const stopRelay = startOutboxRelay()
  return {
    worker,
    sync,
    async close() {
      await stopRelay()
      await sync?.stop()
      await worker.close()
    },
  }
}
