import db from '@adonisjs/lucid/services/db'
import { addUtcDays, utcDayStart } from '#app/samples/buckets'
import samplesConfig from '#config/samples'
import { sampleStore } from '#app/samples/sample_store'
import {
  RATE_FIELDS,
  operStatusCode,
  type CleanSample,
  type LinkSample,
  type RecordResult,
  type RejectedSample,
} from '#app/samples/sample'

/**
 * Checks one sample on its own. Returns the reason it cannot be stored, or the clean sample.
 * `oldest` is the start of the oldest raw day still kept: older samples would be dropped by the
 * next retention run anyway, and would need a partition that retention has already removed.
 */
export function checkSample(sample: LinkSample, now: Date, oldest: Date): CleanSample | string {
  if (!sample || typeof sample !== 'object') return 'not an object'
  if (!Number.isInteger(sample.link_id) || sample.link_id <= 0 || sample.link_id > 2147483647) return 'link_id must be a positive integer'
  const at = sample.at instanceof Date ? sample.at : new Date(sample.at as string)
  if (Number.isNaN(at.getTime())) return 'at is not a timestamp'
  if (at.getTime() > now.getTime() + samplesConfig.maxFutureSeconds * 1000) return `at ${at.toISOString()} is in the future`
  if (at < oldest) return `at ${at.toISOString()} is older than the raw retention (${samplesConfig.rawDays} days)`
  const clean: Record<string, unknown> = { link_id: sample.link_id, at }
  for (const field of RATE_FIELDS) {
    const value = (sample as any)[field]
    if (value === null || value === undefined) {
      clean[field] = null
    } else if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      return `${field} must be a non-negative number or null`
    } else {
      clean[field] = value
    }
  }
  const status = sample.oper_status === undefined || sample.oper_status === null ? null : operStatusCode(sample.oper_status as any)
  if (status === null) return 'oper_status must be an IF-MIB ifOperStatus (1–7 or up, down, …)'
  clean.oper_status = status
  return clean as unknown as CleanSample
}

/**
 * What the collector pipeline calls with each batch of computed samples (a whole poll cycle at
 * once is best: one statement). Bad samples are reported with their index and reason and the
 * good ones beside them are still stored; a batch sent twice is stored once.
 */
export async function recordSamples(samples: LinkSample[], now = new Date()): Promise<RecordResult> {
  const rejected: RejectedSample[] = []
  const oldest = addUtcDays(utcDayStart(now), -samplesConfig.rawDays)
  const clean: Array<{ index: number; sample: CleanSample }> = []
  samples.forEach((sample, index) => {
    const checked = checkSample(sample, now, oldest)
    if (typeof checked === 'string') rejected.push({ index, link_id: (sample as any)?.link_id, reason: checked })
    else clean.push({ index, sample: checked })
  })

  const ids = [...new Set(clean.map((c) => c.sample.link_id))]
  const known = new Set<number>()
  for (let i = 0; i < ids.length; i += 10_000) {
    const rows = await db.from('links').whereIn('id', ids.slice(i, i + 10_000)).select('id')
    for (const row of rows) known.add(row.id)
  }

  const seen = new Set<string>()
  const accepted: CleanSample[] = []
  let duplicates = 0
  for (const { index, sample } of clean) {
    if (!known.has(sample.link_id)) {
      rejected.push({ index, link_id: sample.link_id, reason: `link ${sample.link_id} does not exist` })
      continue
    }
    const key = `${sample.link_id}@${sample.at.getTime()}`
    if (seen.has(key)) {
      duplicates++
      continue
    }
    seen.add(key)
    accepted.push(sample)
  }

  const store = await sampleStore()
  const written = await store.write(accepted)
  rejected.sort((a, b) => a.index - b.index)
  return { written, duplicates: duplicates + accepted.length - written, rejected }
}
