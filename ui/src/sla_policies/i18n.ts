/** SLA policies: the resource's words and its calendar choices, spread into ui/src/i18n. */
export const en = {
  resources: {
    sla_policies: {
      name: 'SLA policy |||| SLA policies',
      fields: {
        id: 'ID',
        q: 'Search',
        type: 'Incident type',
        priority: 'Priority',
        respond_minutes: 'Respond within (minutes)',
        resolve_minutes: 'Resolve within (minutes)',
        calendar: 'Counted on',
        created_at: 'Created',
        updated_at: 'Updated',
      },
    },
  },
  enums: {
    sla_calendar: { '24x7': 'Around the clock', business: 'Business hours (office calendar)' },
  },
  gsn: {
    sla_policies: { minutes: 'Counted time only: on business hours, only office hours on working days count, and time on hold never does.' },
  },
}

export const zhTW: typeof en = {
  resources: {
    sla_policies: {
      name: 'SLA 政策',
      fields: {
        id: 'ID',
        q: '搜尋',
        type: '事件類型',
        priority: '優先等級',
        respond_minutes: '回應時限（分鐘）',
        resolve_minutes: '解決時限（分鐘）',
        calendar: '計時方式',
        created_at: '建立時間',
        updated_at: '更新時間',
      },
    },
  },
  enums: {
    sla_calendar: { '24x7': '全天候', business: '上班時間（依辦公日曆）' },
  },
  gsn: {
    sla_policies: { minutes: '只計入計時的時間：依上班時間者僅計工作日的上班時段，暫停期間一律不計。' },
  },
}
