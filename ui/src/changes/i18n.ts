/** The change pages' words, spread into ui/src/i18n/en.ts and zh-TW.ts. */
const commonFields = { id: 'ID', q: 'Search', created_at: 'Created', updated_at: 'Updated' }

export const en = {
  resources: {
    changes: {
      name: 'Change |||| Changes',
      fields: {
        ...commonFields,
        number: 'Number', title: 'Title', description: 'Description', type: 'Type', status: 'Status', risk: 'Risk', impact: 'Impact',
        assessment: 'Assessment', back_out_plan: 'Back-out plan', agency_id: 'Agency', template_id: 'Template', board_id: 'Board',
        requested_by_name: 'Raised by', planned_start: 'Planned start', planned_end: 'Planned end', window_id: 'Maintenance window',
        items: 'Affected items', item_type: 'Item type', item_id: 'Item', conflicts: 'Conflicts',
      },
    },
    change_boards: {
      name: 'Change board |||| Change boards',
      fields: { ...commonFields, name: 'Name', change_type: 'Change type', agency_id: 'Agency', quorum: 'Quorum', members: 'Members' },
    },
    change_templates: {
      name: 'Standard change template |||| Standard change templates',
      fields: { ...commonFields, name: 'Name', description: 'Description', risk: 'Risk', back_out_plan: 'Back-out plan', active: 'Active' },
    },
    freeze_periods: {
      name: 'Freeze period |||| Freeze periods',
      fields: { ...commonFields, name: 'Name', starts_at: 'Starts', ends_at: 'Ends', reason: 'Reason', agency_id: 'Agency' },
    },
  },
  enums: {
    change_type: { standard: 'Standard', normal: 'Normal', emergency: 'Emergency' },
    change_level: { low: 'Low', medium: 'Medium', high: 'High' },
    change_status: {
      draft: 'Draft', submitted: 'Submitted', assessed: 'Assessed', approved: 'Approved', rejected: 'Rejected', scheduled: 'Scheduled',
      implementing: 'Implementing', implemented: 'Implemented', reviewed: 'Reviewed', closed: 'Closed', failed: 'Failed',
      backed_out: 'Backed out', cancelled: 'Cancelled',
    },
  },
  gsn: {
    changes: {
      calendar: 'Change calendar', month: 'Month', week: 'Week', view: 'View', previous: 'Previous', next: 'Next', today: 'Today',
      freeze_short: 'Freeze:', conflicts_count: '%{smart_count} conflict |||| %{smart_count} conflicts',
      overlap: 'Overlaps on %{items} with', freeze: 'Falls in the freeze period "%{name}"',
      approval: 'Change advisory board', quorum: 'Quorum %{quorum}; members: %{members}', votes: 'Votes', voter: 'Member',
      decision: 'Vote', comment: 'Comment', when: 'When', no_votes: 'No votes yet', no_board_standard: 'A standard change is pre-approved: no board sits.',
      vote: { approve: 'Approve', reject: 'Reject' }, voted: 'Vote recorded', done: 'Done',
      command: {
        submit: 'Submit', assess: 'Assess', schedule: 'Schedule', start: 'Start', complete: 'Complete', fail: 'Failed',
        back_out: 'Backed out', review: 'Review', close: 'Close', cancel: 'Cancel change',
      },
      body: { reason: 'Reason', review: 'Review', assessment: 'Assessment' },
      timeline: 'Timeline', impact: 'Impact (from the inventory)',
      impact_links: 'Links (%{smart_count}):', impact_lines_behind: 'Lines behind (%{smart_count}):', impact_devices: 'Devices (%{smart_count}):',
      impact_agencies: 'Agencies (%{smart_count}):', impact_information_systems: 'Information systems (%{smart_count}):',
    },
  },
}

const commonFieldsZh = { id: 'ID', q: '搜尋', created_at: '建立時間', updated_at: '更新時間' }

export const zhTW: typeof en = {
  resources: {
    changes: {
      name: '變更單',
      fields: {
        ...commonFieldsZh,
        number: '單號', title: '標題', description: '說明', type: '類型', status: '狀態', risk: '風險', impact: '影響',
        assessment: '評估', back_out_plan: '回復計畫', agency_id: '機關', template_id: '範本', board_id: '審議委員會',
        requested_by_name: '提出人', planned_start: '預定開始', planned_end: '預定結束', window_id: '維護時段',
        items: '影響項目', item_type: '項目類型', item_id: '項目', conflicts: '衝突',
      },
    },
    change_boards: {
      name: '變更審議委員會',
      fields: { ...commonFieldsZh, name: '名稱', change_type: '變更類型', agency_id: '機關', quorum: '法定人數', members: '委員' },
    },
    change_templates: {
      name: '標準變更範本',
      fields: { ...commonFieldsZh, name: '名稱', description: '說明', risk: '風險', back_out_plan: '回復計畫', active: '啟用' },
    },
    freeze_periods: {
      name: '凍結期',
      fields: { ...commonFieldsZh, name: '名稱', starts_at: '開始', ends_at: '結束', reason: '原因', agency_id: '機關' },
    },
  },
  enums: {
    change_type: { standard: '標準', normal: '一般', emergency: '緊急' },
    change_level: { low: '低', medium: '中', high: '高' },
    change_status: {
      draft: '草稿', submitted: '已送出', assessed: '已評估', approved: '已核准', rejected: '已否決', scheduled: '已排程',
      implementing: '實施中', implemented: '已實施', reviewed: '已檢討', closed: '已結案', failed: '實施失敗',
      backed_out: '已回復', cancelled: '已取消',
    },
  },
  gsn: {
    changes: {
      calendar: '變更行事曆', month: '月', week: '週', view: '檢視', previous: '上一頁', next: '下一頁', today: '今天',
      freeze_short: '凍結期：', conflicts_count: '%{smart_count} 項衝突',
      overlap: '在 %{items} 與下列變更時段重疊：', freeze: '落在凍結期「%{name}」內',
      approval: '變更審議委員會', quorum: '法定人數 %{quorum}；委員：%{members}', votes: '投票', voter: '委員',
      decision: '表決', comment: '意見', when: '時間', no_votes: '尚無投票', no_board_standard: '標準變更已預先核准，不需審議。',
      vote: { approve: '核准', reject: '否決' }, voted: '已記錄投票', done: '完成',
      command: {
        submit: '送出', assess: '評估', schedule: '排程', start: '開始實施', complete: '完成實施', fail: '實施失敗',
        back_out: '已回復', review: '實施後檢討', close: '結案', cancel: '取消變更',
      },
      body: { reason: '原因', review: '檢討', assessment: '評估' },
      timeline: '歷程', impact: '影響範圍（依資產清冊）',
      impact_links: '線路（%{smart_count}）：', impact_lines_behind: '後方機關線路（%{smart_count}）：', impact_devices: '設備（%{smart_count}）：',
      impact_agencies: '機關（%{smart_count}）：', impact_information_systems: '資訊系統（%{smart_count}）：',
    },
  },
}
