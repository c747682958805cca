/** Agencies' address prefixes, spread into ui/src/i18n. */
export const en = {
  resources: {
    agency_prefixes: {
      name: 'Address prefix |||| Address prefixes',
      fields: {
        id: 'ID',
        q: 'Search',
        prefix: 'Prefix (CIDR)',
        agency_id: 'Agency',
        description: 'Description',
        created_at: 'Created',
        updated_at: 'Updated',
      },
      help: { prefix: 'Network address and length, e.g. 10.1.0.0/16 or 2001:db8::/32' },
    },
  },
}

export const zhTW: typeof en = {
  resources: {
    agency_prefixes: {
      name: '機關網段',
      fields: {
        id: 'ID',
        q: '搜尋',
        prefix: '網段（CIDR）',
        agency_id: '機關',
        description: '說明',
        created_at: '建立時間',
        updated_at: '更新時間',
      },
      help: { prefix: '網路位址與長度，例如 10.1.0.0/16 或 2001:db8::/32' },
    },
  },
}
