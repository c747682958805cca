/**
 * The detection rules an admin tunes (table detection_rules): their names, the settings each row
 * holds and what kind of value each setting is. Read by the API (app/detections/rule_settings.ts)
 * and by the UI's form, which draws one input per setting.
 */

export const RULE_NAMES = ['general', 'port_scan', 'host_sweep', 'flood', 'brute_force', 'indicator', 'new_exposure', 'beaconing'] as const
export type RuleName = (typeof RULE_NAMES)[number]

/** The settings each row holds, in the order the form shows them. */
export const RULE_SETTINGS: Record<RuleName, readonly string[]> = {
  general: ['dedupSeconds', 'ignoreSources'],
  port_scan: ['windowSeconds', 'distinctPorts', 'probeMaxPackets'],
  host_sweep: ['windowSeconds', 'distinctHosts', 'probeMaxPackets', 'ignorePorts'],
  flood: ['bucketSeconds', 'alpha', 'factor', 'warmupBuckets', 'minBytesPerSecond', 'minPacketsPerSecond', 'internalOnly'],
  brute_force: ['ports', 'windowSeconds', 'attempts', 'sessionMaxPackets', 'sessionMaxSeconds'],
  indicator: [],
  new_exposure: ['learningSeconds', 'servicePortBelow'],
  beaconing: ['windowSeconds', 'minConnections', 'maxJitter', 'minIntervalSeconds', 'maxIntervalSeconds', 'maxBytes', 'ignorePorts'],
}

/** A whole number, a number with decimals, on/off, a list of ports, a list of addresses or prefixes. */
export type SettingKind = 'integer' | 'decimal' | 'boolean' | 'ports' | 'addresses'

export const SETTING_KIND: Record<string, SettingKind> = {
  dedupSeconds: 'integer',
  ignoreSources: 'addresses',
  windowSeconds: 'integer',
  distinctPorts: 'integer',
  distinctHosts: 'integer',
  probeMaxPackets: 'integer',
  ignorePorts: 'ports',
  bucketSeconds: 'integer',
  alpha: 'decimal',
  factor: 'decimal',
  warmupBuckets: 'integer',
  minBytesPerSecond: 'decimal',
  minPacketsPerSecond: 'decimal',
  internalOnly: 'boolean',
  ports: 'ports',
  attempts: 'integer',
  sessionMaxPackets: 'integer',
  sessionMaxSeconds: 'integer',
  learningSeconds: 'integer',
  servicePortBelow: 'integer',
  minConnections: 'integer',
  maxJitter: 'decimal',
  minIntervalSeconds: 'integer',
  maxIntervalSeconds: 'integer',
  maxBytes: 'integer',
}
