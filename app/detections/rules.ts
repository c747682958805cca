/**
 * The detection rules as data: every threshold an admin tunes, with its default and what it
 * means. Times are seconds of flow time (the flows' own first/last), never the wall clock, so a
 * replayed capture detects what it detected live. README "Security events (groundwork)" has the
 * same table for people.
 */

export const DETECTION_KINDS = ['port_scan', 'host_sweep', 'flood', 'brute_force', 'indicator', 'new_exposure', 'beaconing'] as const
export type DetectionKind = (typeof DETECTION_KINDS)[number]

export interface DetectionRules {
  /** A detection of one kind, source and target is announced once per this many seconds. */
  dedupSeconds: number
  /** Most keys each detector keeps; beyond it the least recently seen goes (and is counted). */
  maxEntries: number
  /** Flows kept as evidence with each detection. */
  evidenceFlows: number
  /** Sources never reported (the agencies' own vulnerability scanners, monitoring): addresses or prefixes. */
  ignoreSources: string[]

  /** One source probing many ports of one host. */
  portScan: {
    enabled: boolean
    windowSeconds: number
    /** Distinct destination ports of one host within the window. */
    distinctPorts: number
    /** A probe is a small flow: at most this many packets (an open port answered still is). */
    probeMaxPackets: number
  }
  /** One source probing one port across many hosts. */
  hostSweep: {
    enabled: boolean
    windowSeconds: number
    /** Distinct destination hosts on one port within the window. */
    distinctHosts: number
    probeMaxPackets: number
    /** Ports where talking to many hosts is the job (resolvers, time clients). */
    ignorePorts: number[]
  }
  /** Traffic toward one destination far above its own learned baseline. */
  flood: {
    enabled: boolean
    /** Traffic is summed per destination in buckets of this length. */
    bucketSeconds: number
    /** Weight of the newest bucket in the baseline (exponentially weighted moving average). */
    alpha: number
    /** A bucket this many times its baseline is a flood. */
    factor: number
    /** Buckets a destination is watched before its baseline is trusted. */
    warmupBuckets: number
    /** Floors below which nothing is a flood, however quiet the destination was. */
    minBytesPerSecond: number
    minPacketsPerSecond: number
    /** With agency prefixes given, only destinations inside them are watched. */
    internalOnly: boolean
  }
  /** Many short sessions from one source to a login port of one host. */
  bruteForce: {
    enabled: boolean
    ports: number[]
    windowSeconds: number
    /** Short sessions within the window. */
    attempts: number
    /** A session is short when it has at most this many packets and lasts at most this long. */
    sessionMaxPackets: number
    sessionMaxSeconds: number
  }
  /** Traffic to or from an indicator (its addresses and prefixes, optionally only on its ports). */
  indicator: { enabled: boolean }
  /** An internal host newly serving a port to the Internet. */
  newExposure: {
    enabled: boolean
    /** What is served during the first this-many seconds is what is normal, and not reported. */
    learningSeconds: number
    /** A host serves when it answers from the lower port, below this one (Linux clients pick ephemeral ports from 32768), to a higher port. */
    servicePortBelow: number
  }
  /** Regular small connections from an internal host to one external host. */
  beaconing: {
    enabled: boolean
    windowSeconds: number
    /** Connections needed before the rhythm is judged. */
    minConnections: number
    /** Intervals' standard deviation over their mean, at most. */
    maxJitter: number
    minIntervalSeconds: number
    maxIntervalSeconds: number
    /** A beacon's flow carries at most this many bytes. */
    maxBytes: number
    ignorePorts: number[]
  }
}

export const DEFAULT_RULES: DetectionRules = {
  dedupSeconds: 600,
  maxEntries: 100_000,
  evidenceFlows: 5,
  ignoreSources: [],
  portScan: { enabled: true, windowSeconds: 60, distinctPorts: 100, probeMaxPackets: 4 },
  hostSweep: { enabled: true, windowSeconds: 60, distinctHosts: 50, probeMaxPackets: 4, ignorePorts: [53, 123] },
  flood: {
    enabled: true,
    bucketSeconds: 60,
    alpha: 0.1,
    factor: 10,
    warmupBuckets: 10,
    minBytesPerSecond: 1_250_000,
    minPacketsPerSecond: 2_000,
    internalOnly: true,
  },
  bruteForce: {
    enabled: true,
    ports: [21, 22, 23, 110, 143, 445, 993, 995, 1433, 3306, 3389, 5432, 5900],
    windowSeconds: 300,
    attempts: 20,
    sessionMaxPackets: 30,
    sessionMaxSeconds: 30,
  },
  indicator: { enabled: true },
  newExposure: { enabled: true, learningSeconds: 86_400, servicePortBelow: 32_768 },
  beaconing: {
    enabled: true,
    windowSeconds: 86_400,
    minConnections: 8,
    maxJitter: 0.1,
    minIntervalSeconds: 10,
    maxIntervalSeconds: 3_600,
    maxBytes: 10_000,
    ignorePorts: [53, 123],
  },
}

type Section = Exclude<keyof DetectionRules, 'dedupSeconds' | 'maxEntries' | 'evidenceFlows' | 'ignoreSources'>
export type RulesOverride = Partial<Pick<DetectionRules, 'dedupSeconds' | 'maxEntries' | 'evidenceFlows' | 'ignoreSources'>> & {
  [S in Section]?: Partial<DetectionRules[S]>
}

/** The defaults with an admin's changes laid over them, section by section. */
export function rulesWith(override: RulesOverride = {}): DetectionRules {
  const merged: any = { ...DEFAULT_RULES, ...override }
  for (const section of Object.keys(DEFAULT_RULES) as (keyof DetectionRules)[]) {
    const base = DEFAULT_RULES[section]
    if (typeof base === 'object' && !Array.isArray(base)) merged[section] = { ...base, ...(override as any)[section] }
  }
  return merged
}

/** What is wrong with a set of rules, one line per problem (empty: usable). */
export function rulesProblems(rules: DetectionRules): string[] {
  const problems: string[] = []
  const positive = (path: string, value: number) => {
    if (!(Number.isFinite(value) && value > 0)) problems.push(`${path} must be a positive number`)
  }
  positive('dedupSeconds', rules.dedupSeconds)
  positive('maxEntries', rules.maxEntries)
  for (const [path, value] of [
    ['portScan.windowSeconds', rules.portScan.windowSeconds],
    ['portScan.distinctPorts', rules.portScan.distinctPorts],
    ['hostSweep.windowSeconds', rules.hostSweep.windowSeconds],
    ['hostSweep.distinctHosts', rules.hostSweep.distinctHosts],
    ['flood.bucketSeconds', rules.flood.bucketSeconds],
    ['flood.factor', rules.flood.factor],
    ['bruteForce.windowSeconds', rules.bruteForce.windowSeconds],
    ['bruteForce.attempts', rules.bruteForce.attempts],
    ['beaconing.windowSeconds', rules.beaconing.windowSeconds],
    ['beaconing.maxJitter', rules.beaconing.maxJitter],
  ] as const)
    positive(path, value)
  if (!(rules.flood.alpha > 0 && rules.flood.alpha <= 1)) problems.push('flood.alpha must be above 0 and at most 1')
  if (rules.beaconing.minConnections < 3) problems.push('beaconing.minConnections must be at least 3 (two intervals)')
  if (rules.beaconing.minIntervalSeconds > rules.beaconing.maxIntervalSeconds) problems.push('beaconing.minIntervalSeconds exceeds maxIntervalSeconds')
  return problems
}
