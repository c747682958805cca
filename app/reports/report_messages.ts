/** What the monthly report says about figures it leaves out or how it counts, in each language. */
export const reportMessagesEn = {
  'reports.no_group_column': () => 'incidents have no assignment group yet: figures by group are left out',
  'reports.no_sla_columns': () => 'incidents do not store their SLA due times yet: SLA compliance is left out',
  'reports.no_changes_table': () => 'there are no changes yet: change success rate and emergency share are left out',
  'reports.changes_unreadable': () => 'the changes table lacks the columns these figures need (status, type, agency_id, planned start): change figures are left out',
  'reports.hold_excluded': () => 'time to resolve excludes time on hold and time resolved before a reopening (from the incident timeline)',
}

export const reportMessagesZh: { [K in keyof typeof reportMessagesEn]: (...p: Parameters<(typeof reportMessagesEn)[K]>) => string } = {
  'reports.no_group_column': () => '事件單尚無處理群組：未列出依群組的統計',
  'reports.no_sla_columns': () => '事件單尚未儲存 SLA 到期時間：未列出 SLA 達成率',
  'reports.no_changes_table': () => '尚無變更管理資料：未列出變更成功率與緊急變更比例',
  'reports.changes_unreadable': () => '變更資料表缺少計算所需欄位（狀態、類型、機關、預定開始時間）：未列出變更統計',
  'reports.hold_excluded': () => '解決時間不計暫停期間，也不計重新開啟前已解決的期間（依事件單歷程計算）',
}
