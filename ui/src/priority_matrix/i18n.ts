/** Words of the priority matrix's pages and of impact and urgency, spread into ui/src/i18n/en.ts and zh-TW.ts. */
export const priorityMatrixI18n = {
  en: {
    resources: {
      priority_matrix: {
        name: 'Priority matrix |||| Priority matrix',
        fields: { id: 'ID', impact: 'Impact', urgency: 'Urgency', priority: 'Priority', updated_at: 'Updated' },
        helper: 'Incidents opened or re-assessed after a change take the new priority; those already open keep theirs.',
      },
    },
    enums: {
      impact: { high: 'High (many agencies or a whole ministry)', medium: 'Medium (one agency)', low: 'Low (a few people)' },
      urgency: { high: 'High (stopped now)', medium: 'Medium (degraded)', low: 'Low (can wait)' },
    },
  },
  zhTW: {
    resources: {
      priority_matrix: {
        name: '優先等級矩陣',
        fields: { id: '編號', impact: '影響範圍', urgency: '緊急程度', priority: '優先等級', updated_at: '更新時間' },
        helper: '變更後新開立或重新評估的事件單依新的優先等級；已開立者維持原等級。',
      },
    },
    enums: {
      impact: { high: '高（多個機關或整個部會）', medium: '中（單一機關）', low: '低（少數人員）' },
      urgency: { high: '高（已中斷）', medium: '中（品質劣化）', low: '低（可稍後處理）' },
    },
  },
}
