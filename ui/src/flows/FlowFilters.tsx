import { Box, Button, Stack, ToggleButton, ToggleButtonGroup, Typography } from '@mui/material'
import SearchIcon from '@mui/icons-material/Search'
import { AutocompleteInput, Form, NumberInput, ReferenceInput, SelectInput, TextInput, useTranslate } from 'react-admin'
import { FLOW_RANGES, criteriaToParams, fromTaipeiInput, toTaipeiInput, type FlowCriteria, type FlowRange, type FlowWindow } from './criteria'
import { SEARCH_PROTOCOLS, protocolName } from './format'

const byName = (q: string) => (q ? { q } : {})

const PROTOCOL_CHOICES = SEARCH_PROTOCOLS.map((p) => ({ id: p, name: `${protocolName(p)} (${p})` }))

const taipeiTime = (value: string | undefined) => (value && fromTaipeiInput(value) ? undefined : 'gsn.flows.bad_time')

interface FormValues {
  from_local?: string
  to_local?: string
  address?: string
  port?: number | null
  protocol?: number | null
  agency_id?: number | null
  link_id?: number | null
}

const present = <T,>(v: T | null | undefined | '') => (v === null || v === undefined || v === '' ? undefined : v)

/**
 * The time range (applied as soon as it is picked) and the search criteria (applied with the
 * Search button). Both narrow every panel of the explorer, not only the flow list.
 */
export function FlowFilters({
  criteria,
  window,
  onChange,
}: {
  criteria: FlowCriteria
  window: FlowWindow
  onChange: (c: FlowCriteria) => void
}) {
  const translate = useTranslate()
  const pickRange = (range: FlowRange | null) => {
    if (!range || range === criteria.range) return
    onChange(range === 'custom' ? { ...criteria, range, from: window.from, to: window.to } : { ...criteria, range, from: undefined, to: undefined })
  }
  const submit = (values: FormValues) => {
    const next: FlowCriteria = {
      range: criteria.range,
      address: present(values.address?.trim()),
      port: present(values.port) as number | undefined,
      protocol: present(values.protocol) as number | undefined,
      agency_id: present(values.agency_id) as number | undefined,
      link_id: present(values.link_id) as number | undefined,
    }
    if (criteria.range === 'custom') {
      next.from = fromTaipeiInput(values.from_local ?? '') ?? window.from
      next.to = fromTaipeiInput(values.to_local ?? '') ?? window.to
    }
    onChange(next)
  }
  const record: FormValues = {
    from_local: toTaipeiInput(window.from),
    to_local: toTaipeiInput(window.to),
    address: criteria.address ?? '',
    port: criteria.port ?? null,
    protocol: criteria.protocol ?? null,
    agency_id: criteria.agency_id ?? null,
    link_id: criteria.link_id ?? null,
  }
  const shrink = { inputLabel: { shrink: true } }

  return (
    <Box component="section" aria-labelledby="flow-filters-title">
      <Stack direction="row" spacing={2} alignItems="center" useFlexGap flexWrap="wrap" sx={{ mb: 1 }}>
        <ToggleButtonGroup
          exclusive
          size="small"
          color="primary"
          value={criteria.range}
          onChange={(_, v) => pickRange(v)}
          aria-label={translate('gsn.flows.range')}
          data-testid="flow-range"
        >
          {FLOW_RANGES.map((r) => (
            <ToggleButton key={r} value={r} sx={{ textTransform: 'none' }}>
              {translate(`gsn.flows.ranges.${r}`)}
            </ToggleButton>
          ))}
        </ToggleButtonGroup>
        <Typography variant="body2" color="text.secondary">
          {translate('gsn.flows.taipei')}
        </Typography>
      </Stack>
      <Typography id="flow-filters-title" component="h2" variant="subtitle1" fontWeight={600}>
        {translate('gsn.flows.filters')}
      </Typography>
      {/* A new key per criteria: the form shows what the address says after Back or a range change. */}
      <Form key={criteriaToParams(criteria).toString()} record={record} onSubmit={(v: Record<string, unknown>) => submit(v as FormValues)} disableInvalidFormNotification>
        <Stack direction="row" spacing={2} useFlexGap flexWrap="wrap" alignItems="flex-start" data-testid="flow-search-form">
          {criteria.range === 'custom' && (
            <>
              <TextInput source="from_local" type="datetime-local" label="gsn.flows.from" validate={taipeiTime} slotProps={shrink} sx={{ width: 230 }} />
              <TextInput source="to_local" type="datetime-local" label="gsn.flows.to" validate={taipeiTime} slotProps={shrink} sx={{ width: 230 }} />
            </>
          )}
          <TextInput source="address" label="gsn.flows.address" helperText="gsn.flows.address_help" sx={{ width: 280 }} />
          <NumberInput source="port" label="gsn.flows.port" helperText="gsn.flows.port_help" min={0} max={65535} sx={{ width: 130 }} />
          <SelectInput
            source="protocol"
            label="gsn.flows.protocol"
            choices={PROTOCOL_CHOICES}
            emptyText="gsn.flows.any_protocol"
            translateChoice={false}
            helperText={false}
            sx={{ width: 180 }}
          />
          {/* Found by typing, as the API's q searches them: there are hundreds of agencies and thousands of links. */}
          <Box sx={{ width: 280 }}>
            <ReferenceInput source="agency_id" reference="agencies">
              <AutocompleteInput label="gsn.flows.agency" filterToQuery={byName} fullWidth helperText={false} />
            </ReferenceInput>
          </Box>
          <Box sx={{ width: 320 }}>
            <ReferenceInput source="link_id" reference="links">
              <AutocompleteInput label="gsn.flows.link" filterToQuery={byName} fullWidth helperText={false} />
            </ReferenceInput>
          </Box>
          <Stack direction="row" spacing={1} sx={{ pt: 1 }}>
            <Button type="submit" variant="contained" startIcon={<SearchIcon />}>
              {translate('gsn.flows.apply')}
            </Button>
            <Button onClick={() => onChange({ range: criteria.range, from: criteria.from, to: criteria.to })}>{translate('gsn.flows.clear')}</Button>
          </Stack>
        </Stack>
      </Form>
    </Box>
  )
}
