/** Flow exporters: the routers sending NetFlow / IPFIX and their counters; spread into ui/src/i18n. */
export const en = {
  resources: {
    flow_exporters: {
      name: 'Flow exporter |||| Flow exporters',
      fields: {
        id: 'Exporter',
        exporter: 'Exporter address',
        device_id: 'Device',
        device_hostname: 'Device',
        agency_id: 'Agency',
        collector: 'Collector',
        reporting: 'Collector',
        datagrams: 'Datagrams',
        flows: 'Flows',
        lost_records: 'Lost',
        lost_datagrams: 'Lost datagrams',
        malformed: 'Malformed',
        unknown_template: 'Before template',
        templates: 'Templates',
        template_changes: 'Template changes',
        sequence_resets: 'Restarts',
        collector_kernel_drops: 'Dropped by the kernel',
        first_seen: 'First heard',
        last_seen: 'Last heard',
        reported_at: 'Reported',
      },
    },
  },
  gsn: {
    flow_exporters: {
      reporting: 'Reporting',
      stale: 'Not reporting',
      lost: 'Lost (records / datagrams)',
      lost_value: '%{records} / %{datagrams}',
    },
  },
}

export const zhTW: typeof en = {
  resources: {
    flow_exporters: {
      name: '流量匯出設備',
      fields: {
        id: '匯出設備',
        exporter: '匯出位址',
        device_id: '設備',
        device_hostname: '設備',
        agency_id: '機關',
        collector: '收集器',
        reporting: '收集器',
        datagrams: '封包數',
        flows: '流量紀錄',
        lost_records: '遺失',
        lost_datagrams: '遺失封包',
        malformed: '格式錯誤',
        unknown_template: '範本前資料',
        templates: '範本',
        template_changes: '範本變更',
        sequence_resets: '重新起算',
        collector_kernel_drops: '核心丟棄',
        first_seen: '首次收到',
        last_seen: '最後收到',
        reported_at: '回報時間',
      },
    },
  },
  gsn: {
    flow_exporters: {
      reporting: '回報中',
      stale: '未回報',
      lost: '遺失（紀錄／封包）',
      lost_value: '%{records}／%{datagrams}',
    },
  },
}
