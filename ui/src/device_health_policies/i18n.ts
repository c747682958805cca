/** The device health thresholds' words (resources.device_health_policies), spread into en.ts and zh-TW.ts. */
export const en = {
  resources: {
    device_health_policies: {
      name: 'Device health threshold |||| Device health thresholds',
      fields: {
        id: 'ID',
        q: 'Search',
        device_kind: 'Device kind',
        cpu_pct: 'CPU (%)',
        memory_pct: 'Memory (%)',
        storage_pct: 'Storage (%)',
        temperature_c: 'Temperature (°C)',
        sustain_polls: 'Polls in a row',
        created_at: 'Created',
        updated_at: 'Updated',
      },
    },
  },
  gsn: {
    device_health_policies: {
      sustain_help: 'A threshold crossed this many polls in a row opens the device’s health incident; one poll below all of them settles it.',
    },
  },
}

export const zhTW: typeof en = {
  resources: {
    device_health_policies: {
      name: '設備健康門檻',
      fields: {
        id: 'ID',
        q: '搜尋',
        device_kind: '設備類型',
        cpu_pct: 'CPU（%）',
        memory_pct: '記憶體（%）',
        storage_pct: '儲存空間（%）',
        temperature_c: '溫度（°C）',
        sustain_polls: '連續輪詢次數',
        created_at: '建立時間',
        updated_at: '更新時間',
      },
    },
  },
  gsn: {
    device_health_policies: {
      sustain_help: '連續這麼多次輪詢超過任一門檻即開立設備健康事件單；一次輪詢全部低於門檻即自動結束。',
    },
  },
}
