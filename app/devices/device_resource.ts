import vine from '@vinejs/vine'
import Device from '#app/devices/device'
import { FieldError } from '#app/core/errors'
import { message } from '#app/core/messages'
import { naturalKey, reference } from '#app/core/vine_rules'
import { REGIONS } from '#shared/agencies'
import { DEVICE_KINDS, SNMP_SECURITY_LEVELS, SNMP_VERSIONS } from '#shared/devices'
import { ref } from '#app/core/csv_references'
import { served } from '#app/core/registration'
import {
  AUTH_PROTOCOLS,
  PRIV_PROTOCOLS,
  describeSealed,
  sealCredentials,
  type SnmpCredentials,
} from '#app/devices/snmp_credentials'

const secret = () => vine.string().minLength(1).maxLength(128).nullable().optional()
const lower = (v: unknown) => (typeof v === 'string' ? v.toLowerCase() : v)

export const deviceValidator = vine.create({
  hostname: naturalKey('devices', 'hostname', 128),
  kind: vine.enum(DEVICE_KINDS),
  management_address: vine.string().trim().ipAddress(),
  region: vine.enum(REGIONS),
  agency_id: reference('agencies'),
  vendor: vine.string().trim().maxLength(64).nullable().optional(),
  model: vine.string().trim().maxLength(64).nullable().optional(),
  snmp_version: vine.enum(SNMP_VERSIONS),
  snmp_port: vine.number().withoutDecimals().range([1, 65535]).optional(),
  poll_interval_s: vine.number().withoutDecimals().range([10, 86400]).optional(),
  // Write-only secrets: accepted here, sealed, never answered back.
  snmp_community: secret(),
  snmp_user: vine.string().trim().maxLength(64).nullable().optional(),
  snmp_security_level: vine.enum(SNMP_SECURITY_LEVELS).nullable().optional(),
  snmp_auth_protocol: vine.enum(AUTH_PROTOCOLS).parse(lower).nullable().optional(),
  snmp_auth_key: vine.string().minLength(8).maxLength(128).nullable().optional(),
  snmp_priv_protocol: vine.enum(PRIV_PROTOCOLS).parse(lower).nullable().optional(),
  snmp_priv_key: vine.string().minLength(8).maxLength(128).nullable().optional(),
})

/** Builds the sealed credentials from a body, or null when the body leaves them as they were. */
export function credentialsFromInput(input: Record<string, any>): SnmpCredentials | null {
  if (input.snmp_version === '2c') {
    return input.snmp_community ? { version: '2c', community: input.snmp_community } : null
  }
  const touched = ['snmp_user', 'snmp_auth_key', 'snmp_priv_key'].some((k) => input[k])
  if (!touched) return null
  if (!input.snmp_user) throw new FieldError('snmp_user', message('devices.snmp_user'))
  const level = input.snmp_security_level ?? (input.snmp_priv_key ? 'authPriv' : input.snmp_auth_key ? 'authNoPriv' : 'noAuthNoPriv')
  if (level !== 'noAuthNoPriv' && !(input.snmp_auth_protocol && input.snmp_auth_key)) {
    throw new FieldError('snmp_auth_key', message('devices.snmp_auth', { level }))
  }
  if (level === 'authPriv' && !(input.snmp_priv_protocol && input.snmp_priv_key)) {
    throw new FieldError('snmp_priv_key', message('devices.snmp_priv'))
  }
  return {
    version: '3',
    user: input.snmp_user,
    level,
    authProtocol: level === 'noAuthNoPriv' ? undefined : input.snmp_auth_protocol,
    authKey: level === 'noAuthNoPriv' ? undefined : input.snmp_auth_key,
    privProtocol: level === 'authPriv' ? input.snmp_priv_protocol : undefined,
    privKey: level === 'authPriv' ? input.snmp_priv_key : undefined,
  }
}

// Network operations run the devices; everyone else reads them as context.
export const devices = served('devices', { grants: { admin: 'rcud', noc: 'rcud', analyst: 'r', cio: 'r', agency_liaison: 'r', auditor: 'r' }, importable: true }, {
  model: Device,
  validator: deviceValidator,
  filters: {
    fields: { agency_id: 'exact', region: 'exact', kind: 'exact', snmp_version: 'exact', vendor: 'exact', hostname: 'exact' },
    sortable: ['hostname', 'kind', 'management_address', 'region', 'agency_id', 'vendor'],
    defaultSort: ['hostname', 'ASC'],
  },
  searchExpression: "hostname || ' ' || management_address",
  searchAgencyNames: true,
  agencyColumn: 'agency_id',
  naturalKey: 'hostname',
  csvColumns: [
    'hostname', 'kind', 'management_address', 'region', 'agency_code', 'vendor', 'model',
    'snmp_version', 'snmp_port', 'poll_interval_s',
    'snmp_community', 'snmp_user', 'snmp_security_level', 'snmp_auth_protocol', 'snmp_auth_key', 'snmp_priv_protocol', 'snmp_priv_key',
  ],
  csvReferences: { agency_code: ref.agency() },
  prepare({ row, input, existing }) {
    const credentials = credentialsFromInput(input)
    if (credentials) row.snmpCredentials = sealCredentials(credentials)
    else if (existing && existing.snmp_version !== input.snmp_version) row.snmpCredentials = null
  },
  // Never a key or community: only whether credentials are set and, for SNMPv3, which user and protocols.
  answerFields: {
    properties: {
      snmp_credentials_set: { type: 'boolean' },
      reachable: { type: ['boolean', 'null'] },
      last_poll_at: { type: ['string', 'null'], format: 'date-time' },
    },
    fromValidator: ['snmp_user', 'snmp_security_level', 'snmp_auth_protocol', 'snmp_priv_protocol'],
    optional: ['snmp_user', 'snmp_security_level', 'snmp_auth_protocol', 'snmp_priv_protocol'],
  },
  // What the pollers last found, as the NOC reads a device list (null until first polled), read
  // with the devices; the credentials described from the sealed column, with no model built per row.
  joined: {
    select: (query) => {
      query.leftJoin('device_status as ds', 'ds.device_id', 'r.id').select('ds.device_id as __polled', 'ds.reachable as __reachable', 'ds.last_poll_at as __last_poll_at')
    },
    present: (rows) =>
      new Map(
        rows.map((r) => [
          r.id as number,
          {
            ...describeSealed(r.snmp_credentials as string | null),
            reachable: r.__polled === null ? null : Boolean(r.__reachable),
            last_poll_at: r.__polled === null ? null : (r.__last_poll_at ?? null),
          },
        ])
      ),
  },
})
export const deviceResource = devices.definition
