import { useState } from 'react'
import {
  Button, CreateButton, DataTable, FilterButton, List, NumberField, ReferenceField, ReferenceInput, SearchInput, SelectInput, TopToolbar,
  useListContext, useRecordContext, useTranslate, AutocompleteInput,
} from 'react-admin'
import DownloadIcon from '@mui/icons-material/Download'
import UploadIcon from '@mui/icons-material/Upload'
import { TimeCol } from '../common/columns'
import { useCan } from '../common/permissions'
import { exportUrl } from './api'
import { ImportDialog } from './ImportDialog'
import { TlpField, tlpChoices } from './TlpChip'
import { typeChoices } from './values'

const filters = [
  <SearchInput key="q" source="q" alwaysOn />,
  <SelectInput key="type" source="type" choices={typeChoices} alwaysOn />,
  <SelectInput key="tlp" source="tlp" choices={tlpChoices} alwaysOn />,
  <ReferenceInput key="sharing_group_id" source="sharing_group_id" reference="sharing_groups">
    <AutocompleteInput label="resources.indicators.fields.sharing_group_id" filterToQuery={(q: string) => (q ? { q } : {})} />
  </ReferenceInput>,
]

const FILES = [
  { file: 'export.stix.json', label: 'gsn.indicators.export_stix', name: 'indicators.stix.json' },
  { file: 'export.misp.json', label: 'gsn.indicators.export_misp', name: 'indicators.misp.json' },
  { file: 'export.csv', label: 'gsn.indicators.export_csv', name: 'indicators.csv' },
] as const

/** Downloads of what the list shows, written by the server (never TLP:RED, visibility.ts). */
function ExportButtons() {
  const { filterValues, total } = useListContext()
  const translate = useTranslate()
  return (
    <>
      {FILES.map((f) => (
        <Button
          key={f.file}
          label={f.label}
          aria-label={translate('gsn.indicators.export_label', { format: translate(f.label) })}
          disabled={total === 0}
          onClick={() => {
            const a = document.createElement('a')
            a.href = exportUrl(f.file, filterValues)
            a.download = f.name
            document.body.appendChild(a)
            a.click()
            a.remove()
          }}
        >
          <DownloadIcon />
        </Button>
      ))}
    </>
  )
}

function Actions() {
  const mayCreate = useCan('indicators', 'create')
  const [importing, setImporting] = useState(false)
  return (
    <TopToolbar>
      <FilterButton />
      {mayCreate && <CreateButton />}
      {mayCreate && (
        <Button label="gsn.indicators.import" onClick={() => setImporting(true)}>
          <UploadIcon />
        </Button>
      )}
      <ExportButtons />
      {importing && <ImportDialog onClose={() => setImporting(false)} />}
    </TopToolbar>
  )
}

/** The source agency, or the G-ISAC for what it published itself. */
export function SourceField() {
  const record = useRecordContext<{ source_agency_id: number | null }>()
  const translate = useTranslate()
  if (!record) return null
  if (record.source_agency_id === null) return <span>{translate('gsn.indicators.isac')}</span>
  return <ReferenceField source="source_agency_id" reference="agencies" link="show" />
}

/** The type in the reader's words. */
export function TypeField() {
  const record = useRecordContext<{ type: string }>()
  const translate = useTranslate()
  return record ? <span>{translate(`gsn.indicators.type.${record.type}`)}</span> : null
}

export default function IndicatorList() {
  return (
    <List filters={filters} actions={<Actions />} perPage={25} sort={{ field: 'updated_at', order: 'DESC' }}>
      <DataTable rowClick="show" bulkActionButtons={false}>
        <DataTable.Col source="value" sx={{ wordBreak: 'break-all' }} />
        <DataTable.Col source="type">
          <TypeField />
        </DataTable.Col>
        <DataTable.Col source="tlp">
          <TlpField />
        </DataTable.Col>
        <DataTable.Col source="source_agency_id">
          <SourceField />
        </DataTable.Col>
        <DataTable.Col source="confidence">
          <NumberField source="confidence" />
        </DataTable.Col>
        <TimeCol source="last_seen_at" />
        <TimeCol source="expires_at" />
        <DataTable.Col source="sightings_count" disableSort>
          <NumberField source="sightings_count" />
        </DataTable.Col>
      </DataTable>
    </List>
  )
}
