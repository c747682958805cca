/**
 * Templates (NetFlow v9, IPFIX): what each field of a data record means, decided once when the
 * template arrives, so reading a record is a loop over small integers (no generated code, no eval).
 */

/** What the decoder does with a field; everything else is skipped by its length. */
export const enum Kind {
  Skip,
  Bytes,
  BytesTotal,
  Packets,
  PacketsTotal,
  Protocol,
  TcpFlags,
  SrcPort,
  DstPort,
  Src4,
  Dst4,
  Src6,
  Dst6,
  InputIf,
  OutputIf,
  FirstUptime,
  LastUptime,
  StartSeconds,
  EndSeconds,
  StartMillis,
  EndMillis,
  StartNtp,
  EndNtp,
  StartDeltaMicros,
  EndDeltaMicros,
  SystemInitMillis,
  SamplingInterval,
  PacketInterval,
  PacketSpace,
  SamplerId,
  IcmpTypeCode,
  IcmpType,
  IcmpCode,
}

/** IANA information element ids (which are NetFlow v9's field types below 128) → kind. */
const KINDS = new Map<number, Kind>([
  [1, Kind.Bytes],
  [85, Kind.BytesTotal],
  [2, Kind.Packets],
  [86, Kind.PacketsTotal],
  [4, Kind.Protocol],
  [6, Kind.TcpFlags],
  [7, Kind.SrcPort],
  [11, Kind.DstPort],
  [8, Kind.Src4],
  [12, Kind.Dst4],
  [27, Kind.Src6],
  [28, Kind.Dst6],
  [10, Kind.InputIf],
  [14, Kind.OutputIf],
  [22, Kind.FirstUptime],
  [21, Kind.LastUptime],
  [150, Kind.StartSeconds],
  [151, Kind.EndSeconds],
  [152, Kind.StartMillis],
  [153, Kind.EndMillis],
  [154, Kind.StartNtp],
  [155, Kind.EndNtp],
  [156, Kind.StartNtp],
  [157, Kind.EndNtp],
  [158, Kind.StartDeltaMicros],
  [159, Kind.EndDeltaMicros],
  [160, Kind.SystemInitMillis],
  [34, Kind.SamplingInterval],
  [50, Kind.SamplingInterval],
  [305, Kind.PacketInterval],
  [306, Kind.PacketSpace],
  [48, Kind.SamplerId],
  [302, Kind.SamplerId],
  [32, Kind.IcmpTypeCode],
  [139, Kind.IcmpTypeCode],
  [176, Kind.IcmpType],
  [178, Kind.IcmpType],
  [177, Kind.IcmpCode],
  [179, Kind.IcmpCode],
])

/** IPFIX's length for "variable": the record carries the length before the value. */
export const VARIABLE = 65535

export interface TemplateField {
  id: number
  length: number
  enterprise: number
  kind: Kind
}

export interface Template {
  id: number
  options: boolean
  /** Options templates: how many leading fields are scope fields. */
  scopeCount: number
  fields: TemplateField[]
  /** The shortest a record can be (variable fields count one byte). */
  minLength: number
  variable: boolean
  /** Layout as text, to tell a refresh (same layout) from a re-used id (another layout). */
  signature: string
}

export function makeTemplate(id: number, options: boolean, scopeCount: number, fields: TemplateField[]): Template {
  let minLength = 0
  let variable = false
  for (const f of fields) {
    if (f.length === VARIABLE) {
      variable = true
      minLength += 1
    } else minLength += f.length
  }
  const signature = `${options ? 'o' : 'd'}${scopeCount}:` + fields.map((f) => `${f.enterprise}/${f.id}/${f.length}`).join(',')
  return { id, options, scopeCount, fields, minLength, variable, signature }
}

/** A field as a kind: enterprise-specific fields and unknown ids are skipped by length. */
export function fieldKind(id: number, enterprise: number, length: number, scope: boolean): Kind {
  if (enterprise !== 0) return Kind.Skip
  const kind = KINDS.get(id)
  if (kind === undefined) return Kind.Skip
  // A v9 options scope of type 1..5 (system, interface, line card, cache, template) is not an IE.
  if (scope && id <= 5) return Kind.Skip
  // Addresses must have their exact size; anything else would misread neighbours.
  if ((kind === Kind.Src4 || kind === Kind.Dst4) && length !== 4) return Kind.Skip
  if ((kind === Kind.Src6 || kind === Kind.Dst6) && length !== 16) return Kind.Skip
  if (length === VARIABLE || length === 0 || length > 8) return kind === Kind.Src6 || kind === Kind.Dst6 ? kind : Kind.Skip
  return kind
}
