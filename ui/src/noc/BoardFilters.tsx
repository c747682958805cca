import { useEffect, useMemo, useRef, useState } from 'react'
import {
  Autocomplete,
  Button,
  FormControl,
  FormControlLabel,
  InputLabel,
  MenuItem,
  Select,
  Stack,
  Switch,
  TextField,
} from '@mui/material'
import { useLocaleState, useTranslate } from 'react-admin'
import { getJson, getPage, useApiQuery } from './api'
import { LOOKS, REGIONS, tileName, type MinistryTile } from './model'
import type { BoardParams, useBoardParams } from './boardParams'

interface AgencyOption {
  id: number
  name: string
  name_en: string | null
  code?: string
}

function agencyLabel(a: AgencyOption, locale: string) {
  return (locale === 'zh-TW' ? a.name : a.name_en || a.name) ?? String(a.id)
}

/**
 * Any agency, found by typing (706 of them); before anything is typed, the ministries on the
 * board are offered, as a ministry is what one filters by most.
 */
function AgencyFilter({
  value,
  ministries,
  onChange,
}: {
  value: number | null
  ministries: MinistryTile[]
  onChange: (id: number | null) => void
}) {
  const translate = useTranslate()
  const [locale] = useLocaleState()
  const [input, setInput] = useState('')
  const [typed, setTyped] = useState('')
  useEffect(() => {
    const timer = setTimeout(() => setTyped(input.trim()), 300)
    return () => clearTimeout(timer)
  }, [input])

  const selected = useApiQuery(['noc', 'agency', value], (signal) => getJson<AgencyOption>(`/agencies/${value}`, signal), {
    enabled: value !== null,
  })
  const found = useApiQuery(
    ['noc', 'agency-search', typed],
    (signal) => getPage<AgencyOption>('/agencies', { filter: { q: typed }, range: [0, 19] }, signal).then((p) => p.rows),
    { enabled: typed.length > 0 }
  )
  const options = useMemo<AgencyOption[]>(() => {
    if (typed && found.data) return found.data
    return ministries
      .filter((m) => m.id !== null)
      .map((m) => ({ id: m.id!, name: m.name ?? '', name_en: m.nameEn }))
      .sort((a, b) => tileName({ name: a.name, nameEn: a.name_en }, locale).localeCompare(tileName({ name: b.name, nameEn: b.name_en }, locale), locale))
  }, [typed, found.data, ministries, locale])
  const current = value === null ? null : selected.data?.id === value ? selected.data : options.find((o) => o.id === value) ?? null

  return (
    <Autocomplete<AgencyOption>
      size="small"
      sx={{ width: 280 }}
      options={options}
      value={current}
      filterOptions={(x) => x}
      getOptionLabel={(o) => agencyLabel(o, locale)}
      isOptionEqualToValue={(a, b) => a.id === b.id}
      inputValue={input}
      onInputChange={(_, v, reason) => setInput(reason === 'reset' ? '' : v)}
      onChange={(_, v) => onChange(v?.id ?? null)}
      loading={found.isFetching}
      renderInput={(props) => (
        <TextField {...props} margin="none" label={translate('gsn.noc.filters.agency')} placeholder={current ? undefined : translate('gsn.noc.filters.agency_hint')} />
      )}
    />
  )
}

function SearchBox({ value, onChange }: { value: string; onChange: (q: string) => void }) {
  const translate = useTranslate()
  const [text, setText] = useState(value)
  const changed = useRef(onChange)
  changed.current = onChange
  useEffect(() => setText(value), [value])
  useEffect(() => {
    if (text.trim() === value) return
    const timer = setTimeout(() => changed.current(text.trim()), 400)
    return () => clearTimeout(timer)
  }, [text, value])
  return (
    <TextField
      size="small"
      fullWidth={false}
      margin="none"
      label={translate('gsn.noc.filters.q')}
      value={text}
      onChange={(e) => setText(e.target.value)}
      sx={{ minWidth: 220 }}
      inputProps={{ 'aria-label': translate('gsn.noc.filters.q') }}
    />
  )
}

function Choice({
  label,
  value,
  choices,
  onChange,
  testId,
}: {
  label: string
  value: string
  choices: Array<{ id: string; name: string }>
  onChange: (v: string) => void
  testId: string
}) {
  const translate = useTranslate()
  const id = `noc-filter-${testId}`
  return (
    <FormControl size="small" fullWidth={false} margin="none" sx={{ minWidth: 150 }}>
      <InputLabel id={id}>{label}</InputLabel>
      <Select labelId={id} label={label} value={value} onChange={(e) => onChange(String(e.target.value))} data-testid={id}>
        <MenuItem value="">
          <em>{translate('gsn.noc.filters.any')}</em>
        </MenuItem>
        {choices.map((c) => (
          <MenuItem key={c.id} value={c.id}>
            {c.name}
          </MenuItem>
        ))}
      </Select>
    </FormControl>
  )
}

export function BoardFilters({
  params,
  update,
  ministries,
}: {
  params: BoardParams
  update: ReturnType<typeof useBoardParams>['update']
  ministries: MinistryTile[]
}) {
  const translate = useTranslate()
  const filtered = params.region || params.agency || params.kind || params.q || params.look || params.flapping
  return (
    <Stack direction="row" spacing={1.5} useFlexGap flexWrap="wrap" alignItems="center">
      <SearchBox value={params.q} onChange={(q) => update({ q })} />
      <Choice
        label={translate('gsn.noc.filters.region')}
        value={params.region}
        testId="region"
        choices={REGIONS.map((r) => ({ id: r, name: translate(`enums.region.${r}`) }))}
        onChange={(region) => update({ region })}
      />
      <AgencyFilter value={params.agency} ministries={ministries} onChange={(agency) => update({ agency })} />
      <Choice
        label={translate('gsn.noc.filters.look')}
        value={params.look}
        testId="look"
        choices={LOOKS.map((l) => ({ id: l, name: translate(`gsn.noc.looks.${l}`) }))}
        onChange={(look) => update({ look })}
      />
      <Choice
        label={translate('gsn.noc.filters.kind')}
        value={params.kind}
        testId="kind"
        choices={['uplink', 'legacy'].map((k) => ({ id: k, name: translate(`enums.link_kind.${k}`) }))}
        onChange={(kind) => update({ kind })}
      />
      <FormControlLabel
        control={<Switch checked={params.flapping} onChange={(e) => update({ flapping: e.target.checked })} size="small" />}
        label={translate('gsn.noc.filters.flapping')}
      />
      {filtered && (
        <Button size="small" onClick={() => update({ region: null, agency: null, kind: null, q: null, look: null, flapping: null })}>
          {translate('gsn.noc.filters.clear')}
        </Button>
      )}
    </Stack>
  )
}
