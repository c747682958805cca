/** The references every inventory file uses, named once. */
export const ref = {
  agency: (column = 'agency_id') => ({ column, table: 'agencies', key: 'code' }),
  dataCentre: (column = 'data_centre_id') => ({ column, table: 'data_centres', key: 'code' }),
  system: (column: string) => ({ column, table: 'information_systems', key: 'code' }),
  device: (column = 'device_id') => ({ column, table: 'devices', key: 'hostname' }),
  link: (column: string) => ({ column, table: 'links', key: 'circuit_id' }),
}
