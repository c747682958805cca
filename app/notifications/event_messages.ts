/**
 * How an announcement reads in a notification (mail subject, chat line, the UI's live list), in
 * each language. Monitoring's events name their type, subject and incident; other producers
 * bring their own message keys.
 */
const TYPE_EN: Record<string, string> = {
  'link.down': 'link down',
  'link.degraded': 'link degraded',
  'link.recovered': 'link recovered',
  'link.flapping': 'link flapping',
  'device.unreachable': 'device unreachable',
  'device.reachable': 'device reachable again',
  'incident.opened': 'incident opened',
  'incident.resolved': 'incident resolved',
  'incident.noted': 'incident updated',
  'incident.assigned': 'incident assigned',
  'incident.moved': 'incident moved',
}
const TYPE_ZH: Record<string, string> = {
  'link.down': '線路中斷',
  'link.degraded': '線路品質劣化',
  'link.recovered': '線路恢復',
  'link.flapping': '線路反覆斷線',
  'device.unreachable': '設備無回應',
  'device.reachable': '設備恢復回應',
  'incident.opened': '事件單開立',
  'incident.resolved': '事件單已解決',
  'incident.noted': '事件單更新',
  'incident.assigned': '事件單已指派',
  'incident.moved': '事件單狀態變更',
}

const STATUS_ZH: Record<string, string> = {
  new: '新開立', assigned: '已指派', in_progress: '處理中', on_hold: '暫停', resolved: '已解決', closed: '已結案', cancelled: '已取消',
}

type IncidentHeadline = { type: string; number: string; title: string; status: string; assignee: string | null }
type Headline = { type: string; subject: string; incident: string | null }

export const eventMessagesEn = {
  'events.incident': (p: IncidentHeadline) =>
    `${TYPE_EN[p.type] ?? p.type}: ${p.number} ${p.title} (${p.status.replace('_', ' ')}${p.assignee ? `, ${p.assignee}` : ''})`,
  'events.headline': (p: Headline) => `${TYPE_EN[p.type] ?? p.type}: ${p.subject}${p.incident ? ` (${p.incident})` : ''}`,
}

export const eventMessagesZh: { [K in keyof typeof eventMessagesEn]: (...p: Parameters<(typeof eventMessagesEn)[K]>) => string } = {
  'events.incident': (p) =>
    `${TYPE_ZH[p.type] ?? p.type}：${p.number} ${p.title}（${STATUS_ZH[p.status] ?? p.status}${p.assignee ? `，${p.assignee}` : ''}）`,
  'events.headline': (p) => `${TYPE_ZH[p.type] ?? p.type}：${p.subject}${p.incident ? `（${p.incident}）` : ''}`,
}
