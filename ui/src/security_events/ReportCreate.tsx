import { Typography } from '@mui/material'
import {
  AutocompleteArrayInput,
  Create,
  ReferenceArrayInput,
  SimpleForm,
  TextInput,
  maxLength,
  minLength,
  required,
  useGetIdentity,
  useNotify,
  useRedirect,
  useTranslate,
} from 'react-admin'
import { DateTimeInput } from '../common/date_inputs'
import { AgencyInput } from '../common/references'

interface Reported {
  id: number
  incident_id: number | null
  incident_number: string | null
}

/**
 * A liaison's report of a security incident: what, when noticed, the systems affected (those of
 * its scope: the list offers nothing else, and the API refuses another's). The incident opened
 * is shown next.
 */
export default function ReportCreate() {
  const translate = useTranslate()
  const notify = useNotify()
  const redirect = useRedirect()
  const { identity } = useGetIdentity()
  return (
    <Create
      title="gsn.security_events.report_title"
      mutationOptions={{
        onSuccess: (data: Reported) => {
          notify('gsn.security_events.reported', { messageArgs: { number: data.incident_number } })
          redirect(data.incident_id ? `/incidents/${data.incident_id}/show` : '/security_events')
        },
      }}
    >
      <SimpleForm sx={{ maxWidth: 800 }}>
        <Typography variant="body2">{translate('gsn.security_events.report_help')}</Typography>
        <TextInput
          source="what"
          multiline
          minRows={4}
          fullWidth
          helperText="gsn.security_events.what_help"
          validate={[required(), minLength(3), maxLength(2000)]}
        />
        <DateTimeInput source="noticed_at" validate={required()} />
        <ReferenceArrayInput source="system_ids" reference="information_systems">
          <AutocompleteArrayInput optionText={(s: { code: string; name: string }) => `${s.code} ${s.name}`} filterToQuery={(q: string) => (q ? { q } : {})} fullWidth />
        </ReferenceArrayInput>
        {identity && identity.agency_id === null && <AgencyInput validate={required()} />}
      </SimpleForm>
    </Create>
  )
}
