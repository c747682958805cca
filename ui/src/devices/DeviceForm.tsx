import {
  NumberInput,
  PasswordInput,
  SelectInput,
  SimpleForm,
  TextInput,
  maxValue,
  minValue,
  required,
  useTranslate,
} from 'react-admin'
import { useWatch } from 'react-hook-form'
import { Typography } from '@mui/material'
import { choices } from '../common/enums'
import { AgencyInput } from '../common/references'

export const SECRET_FIELDS = ['snmp_community', 'snmp_auth_key', 'snmp_priv_key'] as const
export const V3_FIELDS = ['snmp_user', 'snmp_security_level', 'snmp_auth_protocol', 'snmp_priv_protocol'] as const

/**
 * The stored credentials are never sent back, so an edit that touches none of them must send
 * none of them either; otherwise the API would read the shown SNMPv3 user as a new credential set
 * without its keys.
 */
export function credentialsTransform(data: Record<string, any>, previous?: Record<string, any>) {
  const out = { ...data }
  delete out.snmp_credentials_set
  const v3 = out.snmp_version === '3'
  const secretEntered = SECRET_FIELDS.some((k) => out[k])
  const v3Touched =
    v3 && (previous ? V3_FIELDS.some((k) => (out[k] ?? null) !== (previous[k] ?? null)) : Boolean(out.snmp_user))
  if (!secretEntered && !v3Touched) for (const k of [...SECRET_FIELDS, ...V3_FIELDS]) delete out[k]
  if (!v3) for (const k of V3_FIELDS) delete out[k]
  return out
}

function SnmpInputs() {
  const translate = useTranslate()
  const version = useWatch({ name: 'snmp_version' })
  const level = useWatch({ name: 'snmp_security_level' })
  return (
    <>
      <Typography variant="subtitle1" sx={{ mt: 2 }}>
        {translate('gsn.devices.snmp_section')}
      </Typography>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
        {translate('gsn.devices.snmp_help')}
      </Typography>
      {version === '2c' && <PasswordInput source="snmp_community" autoComplete="new-password" />}
      {version === '3' && (
        <>
          <TextInput source="snmp_user" autoComplete="off" />
          <SelectInput source="snmp_security_level" choices={choices('snmp_security_level')} />
          {level !== 'noAuthNoPriv' && (
            <>
              <SelectInput source="snmp_auth_protocol" choices={choices('snmp_auth_protocol')} />
              <PasswordInput source="snmp_auth_key" autoComplete="new-password" />
            </>
          )}
          {level === 'authPriv' && (
            <>
              <SelectInput source="snmp_priv_protocol" choices={choices('snmp_priv_protocol')} />
              <PasswordInput source="snmp_priv_key" autoComplete="new-password" />
            </>
          )}
        </>
      )}
    </>
  )
}

export function DeviceForm() {
  return (
    <SimpleForm sx={{ maxWidth: 800 }}>
      <TextInput source="hostname" validate={required()} />
      <SelectInput source="kind" choices={choices('device_kind')} validate={required()} />
      <TextInput source="management_address" validate={required()} />
      <SelectInput source="region" choices={choices('region')} validate={required()} />
      <AgencyInput validate={required()} />
      <TextInput source="vendor" />
      <TextInput source="model" />
      <SelectInput source="snmp_version" choices={choices('snmp_version')} validate={required()} />
      <NumberInput source="snmp_port" step={1} validate={[minValue(1), maxValue(65535)]} />
      <NumberInput source="poll_interval_s" step={1} validate={[minValue(10), maxValue(86400)]} />
      <SnmpInputs />
    </SimpleForm>
  )
}
