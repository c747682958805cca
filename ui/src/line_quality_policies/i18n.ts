/** The line quality thresholds' words (resources.line_quality_policies), spread into en.ts and zh-TW.ts. */
export const en = {
  resources: {
    line_quality_policies: {
      name: 'Line quality threshold |||| Line quality thresholds',
      fields: {
        id: 'ID',
        q: 'Search',
        link_kind: 'Link class',
        loss_degraded: 'Loss for degraded (%)',
        loss_down: 'Loss for down (%)',
        rtt_degraded_ms: 'Round trip for degraded (ms)',
        jitter_degraded_ms: 'Jitter for degraded (ms)',
        created_at: 'Created',
        updated_at: 'Updated',
      },
    },
  },
  gsn: {
    line_quality_policies: {
      loss_degraded_help: 'Echo probes lost in a burst at or above this share make the line degraded.',
      loss_down_help: 'At or above this share the line is down; 100 means every probe of a burst lost.',
    },
  },
}

export const zhTW: typeof en = {
  resources: {
    line_quality_policies: {
      name: '線路品質門檻',
      fields: {
        id: 'ID',
        q: '搜尋',
        link_kind: '線路類別',
        loss_degraded: '劣化遺失率（%）',
        loss_down: '中斷遺失率（%）',
        rtt_degraded_ms: '劣化往返延遲（毫秒）',
        jitter_degraded_ms: '劣化抖動（毫秒）',
        created_at: '建立時間',
        updated_at: '更新時間',
      },
    },
  },
  gsn: {
    line_quality_policies: {
      loss_degraded_help: '一輪 ICMP 探測的封包遺失率達此比例，線路即判定為品質劣化。',
      loss_down_help: '遺失率達此比例即判定為中斷；100 表示一輪探測封包全部遺失。',
    },
  },
}
