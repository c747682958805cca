import { Button, CreateButton, FilterButton, TopToolbar, useListContext, useResourceContext } from 'react-admin'
import DownloadIcon from '@mui/icons-material/Download'
import { exportUrl } from '../dataProvider'

/**
 * The server writes the CSV (every matching row, streamed), so the export is a plain download
 * of /api/<resource>/export.csv with the list's current filter, not react-admin's page export.
 */
export function ExportCsvButton() {
  const resource = useResourceContext()!
  const { filterValues, total } = useListContext()
  return (
    <Button
      label="gsn.action.export_csv"
      disabled={total === 0}
      onClick={() => {
        const a = document.createElement('a')
        a.href = exportUrl(resource, filterValues)
        a.download = `${resource}.csv`
        document.body.appendChild(a)
        a.click()
        a.remove()
      }}
    >
      <DownloadIcon />
    </Button>
  )
}

export function ListActions({ create = true, filters = true }: { create?: boolean; filters?: boolean }) {
  return (
    <TopToolbar>
      {filters && <FilterButton />}
      {create && <CreateButton />}
      <ExportCsvButton />
    </TopToolbar>
  )
}
