import { Box, Button, Stack, ToggleButton, ToggleButtonGroup, Typography } from '@mui/material'
import SearchIcon from '@mui/icons-material/Search'
import { useFormContext } from 'react-hook-form'
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

/** A change of the criteria, worked out from the ones the page's address holds when it is applied. */
export type CriteriaChange = (current: FlowCriteria) => FlowCriteria

/**
 * The criteria the form's values make, over the range `range` (the current one if absent). Built
 * from the address's criteria at the moment it is applied, not from those this form was drawn
 * with: a Search clicked while the page is still drawing a range just picked (a slow machine)
 * must not take the range back.
 */
function fromForm(values: FormValues, shown: FlowWindow, range?: FlowRange): CriteriaChange {
  return (current) => {
    const next: FlowCriteria = {
      range: range ?? current.range,
      address: present(values.address?.trim()),
      port: present(values.port) as number | undefined,
      protocol: present(values.protocol) as number | undefined,
      agency_id: present(values.agency_id) as number | undefined,
      link_id: present(values.link_id) as number | undefined,
    }
    if (next.range === 'custom') {
      // Typed ends if the form showed them; a custom range just picked starts as the window on screen.
      const typed = range === undefined && current.range === 'custom'
      next.from = (typed && fromTaipeiInput(values.from_local ?? '')) || current.from || shown.from
      next.to = (typed && fromTaipeiInput(values.to_local ?? '')) || current.to || shown.to
    }
    return next
  }
}

/**
 * The range buttons, inside the search form: picking a range applies it with what is typed in
 * the form, which would otherwise be lost as the form is drawn afresh for the new criteria.
 */
function RangePicker({ range, window, onChange }: { range: FlowRange; window: FlowWindow; onChange: (change: CriteriaChange) => void }) {
  const translate = useTranslate()
  const form = useFormContext<FormValues>()
  const pick = (next: FlowRange | null) => {
    if (!next || next === range) return
    onChange(fromForm(form.getValues(), window, next))
  }
  return (
    <Stack direction="row" spacing={2} alignItems="center" useFlexGap flexWrap="wrap" sx={{ mb: 1 }}>
      <ToggleButtonGroup
        exclusive
        size="small"
        color="primary"
        value={range}
        onChange={(_, v) => pick(v)}
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
  )
}

/**
 * The time range (applied as soon as it is picked, with what is typed below it) and the search
 * criteria (applied with the Search button). Both narrow every panel of the explorer, not only
 * the flow list.
 */
export function FlowFilters({
  criteria,
  window,
  onChange,
}: {
  criteria: FlowCriteria
  window: FlowWindow
  onChange: (change: CriteriaChange) => void
}) {
  const translate = useTranslate()
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
      {/* A new key per criteria: the form shows what the address says after Back or a range change. */}
      <Form
        key={criteriaToParams(criteria).toString()}
        record={record}
        onSubmit={(v: Record<string, unknown>) => onChange(fromForm(v as FormValues, window))}
        disableInvalidFormNotification
      >
        <RangePicker range={criteria.range} window={window} onChange={onChange} />
        <Typography id="flow-filters-title" component="h2" variant="subtitle1" fontWeight={600}>
          {translate('gsn.flows.filters')}
        </Typography>
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
            <Button onClick={() => onChange((current) => ({ range: current.range, from: current.from, to: current.to }))}>{translate('gsn.flows.clear')}</Button>
          </Stack>
        </Stack>
      </Form>
    </Box>
  )
}
