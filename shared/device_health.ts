/** One point of a device's health charts as the API answers it (GET /api/devices/:id/health), whatever its resolution. */
export interface HealthPoint {
  time: string
  polls: number
  cpu_avg: number | null
  cpu_max: number | null
  load_avg: number | null
  memory_avg: number | null
  memory_max: number | null
  storage_avg: number | null
  storage_max: number | null
  temperature_avg: number | null
  temperature_max: number | null
  uptime_s: number | null
}
