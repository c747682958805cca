/** A ministry's row of the consolidation overview (`GET /api/overview`'s `by_ministry`), for the server and the UI. */
export interface MinistryRow {
  agency_id: number
  code: string
  name: string
  name_en: string | null
  data_centres_remaining: number
  data_centres_total: number
  systems_remaining: number
  systems_total: number
  lines_remaining: number
  lines_total: number
  uplinks: number
}
