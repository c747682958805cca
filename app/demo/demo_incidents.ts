import type { CommandBody } from '#app/incidents/incident_service'
import type { DemoDataSet, DemoIncident, DemoItemRef, DemoLink } from '#app/demo/data_set'

/**
 * The demo's incidents: service and security tickets in every state of their lifecycle, each
 * naming rows the generator built (a line, an uplink, a device…), timed relative to `now`.
 */
export function buildIncidents(data: Omit<DemoDataSet, 'incidents' | 'users' | 'seed' | 'asOf' | 'now'>, now: Date): DemoIncident[] {
  const at = (minutesAgo: number) => new Date(now.getTime() - minutesAgo * 60_000).toISOString()
  const agencyOf = (code: string) => data.agencies.find((a) => a.code === code)!
  const inSubtree = (code: string, root: string) => code === root || code.startsWith(`${root}-`)
  // Each incident wants a particular kind of row; a changed catalogue or seed may not have it,
  // so every choice falls back to something close rather than failing.
  const firstLine = (root: string, status: DemoLink['status']) =>
    data.links.find((l) => l.kind === 'legacy' && l.status === status && inSubtree(l.agency_code, root)) ??
    data.links.find((l) => l.kind === 'legacy' && l.status !== 'decommissioned' && inSubtree(l.agency_code, root)) ??
    data.links.find((l) => l.kind === 'legacy' && l.status === status)!
  const uplink = (hub: string) => data.links.find((l) => l.circuit_id === `GSN-U-${hub}-1`)!
  const lineRef = (l: DemoLink): DemoItemRef => ({ item_type: 'link', circuit_id: l.circuit_id })
  const deviceRef = (hostname: string): DemoItemRef => ({ item_type: 'device', hostname })

  const eastLine = firstLine('MOTC-THB-ERMO', 'active')
  const motcCwaLine = firstLine('MOTC-CWA', 'migrating')
  const ttLine = firstLine('TTT', 'active')
  const tnnLine = firstLine('TNN', 'migrating')
  const moeLine = firstLine('MOE-K12EA', 'active')
  const hwUplink = uplink('MOHW')
  const roomCooling =
    data.dataCentres.find((d) => d.status === 'consolidating' && inSubtree(d.agency_code, 'VAC')) ??
    data.dataCentres.find((d) => d.status === 'consolidating')!
  const huaSite = data.systems.find((s) => s.agency_code.startsWith('HUA') && s.name.includes('全球資訊網') && s.status === 'active')
    ?? data.systems.find((s) => s.agency_code.startsWith('HUA') && s.status === 'active')!

  const NOC = 'noc@gsn.demo'
  const ANALYST = 'analyst@gsn.demo'
  return [
    {
      title: `線路中斷：${agencyOf(eastLine.agency_code).name} ${eastLine.circuit_id} 無回應`,
      description: '自動化線路障礙偵測：介面 ifOperStatus 轉為 down，連續 5 次輪詢無回應，已主動通報機關。',
      type: 'service', priority: 'P2', status: 'in_progress', agency_code: eastLine.agency_code,
      reported_by_email: NOC, assignee_email: NOC, resolution: null,
      opened_at: at(42), acknowledged_at: at(35), resolved_at: null, closed_at: null,
      items: [lineRef(eastLine), deviceRef(eastLine.device_hostname!)],
    },
    {
      title: `${hwUplink.circuit_id} 上行鏈路尖峰時段流量飽和`,
      description: '衛生福利部上行鏈路於上午尖峰持續 95% 以上使用率，健保查詢回應變慢。',
      type: 'service', priority: 'P1', status: 'resolved', agency_code: 'MOHW',
      reported_by_email: NOC, assignee_email: NOC, resolution: '調整 QoS 並臨時擴充頻寬；已排定升級至 10 Gbps。',
      opened_at: at(26 * 60), acknowledged_at: at(26 * 60 - 6), resolved_at: at(21 * 60), closed_at: null,
      items: [lineRef(hwUplink), deviceRef(hwUplink.device_hostname!)],
    },
    {
      title: `線路品質劣化：${ttLine.circuit_id} 延遲超過 80 ms`,
      description: '臺東 PoP 方向線路封包遺失率 2.4%，延遲持續偏高。',
      type: 'service', priority: 'P3', status: 'new', agency_code: ttLine.agency_code,
      reported_by_email: NOC, assignee_email: null, resolution: null,
      opened_at: at(11), acknowledged_at: null, resolved_at: null, closed_at: null,
      items: [lineRef(ttLine)],
    },
    {
      title: `遷移切接待電信業者施工：${tnnLine.circuit_id}`,
      description: '線路遷移至部會上行鏈路，等待電信業者完成機房端施工後切接。',
      type: 'service', priority: 'P4', status: 'on_hold', agency_code: tnnLine.agency_code,
      reported_by_email: NOC, assignee_email: NOC, resolution: null,
      opened_at: at(5 * 24 * 60), acknowledged_at: at(5 * 24 * 60 - 30), resolved_at: null, closed_at: null,
      items: [lineRef(tnnLine)],
    },
    {
      title: `中央氣象署線路頻寬不足，觀測資料傳輸延遲`,
      description: '颱風期間觀測資料量增加，現有線路頻寬不足，請協助提前遷移至交通部上行鏈路。',
      type: 'service', priority: 'P3', status: 'assigned', agency_code: motcCwaLine.agency_code,
      reported_by_email: 'liaison@gsn.demo', assignee_email: NOC, resolution: null,
      opened_at: at(3 * 60), acknowledged_at: at(2 * 60 + 40), resolved_at: null, closed_at: null,
      items: [lineRef(motcCwaLine)],
    },
    {
      title: '核心路由器 CPU 使用率持續偏高',
      description: 'BGP 路由表更新頻繁導致 CPU 長時間超過 85%。',
      type: 'service', priority: 'P4', status: 'closed', agency_code: 'MOF',
      reported_by_email: NOC, assignee_email: NOC, resolution: '更新路由器作業系統版本並調整路由過濾。',
      opened_at: at(30 * 24 * 60), acknowledged_at: at(30 * 24 * 60 - 20), resolved_at: at(28 * 24 * 60), closed_at: at(27 * 24 * 60),
      items: [deviceRef('gsn-mof-r1a')],
    },
    {
      title: `機房空調故障：${roomCooling.name}`,
      description: '機房溫度升至 32°C，部分伺服器自動關機；此機房為整併中機房。',
      type: 'service', priority: 'P2', status: 'closed', agency_code: roomCooling.agency_code,
      reported_by_email: NOC, assignee_email: NOC, resolution: '更換空調壓縮機；剩餘系統提前遷入共構機房。',
      opened_at: at(60 * 24 * 60), acknowledged_at: at(60 * 24 * 60 - 15), resolved_at: at(59 * 24 * 60), closed_at: at(57 * 24 * 60),
      items: [{ item_type: 'data_centre', code: roomCooling.code }],
    },
    {
      title: 'G-ISAC 警示：所屬機關主機連線已知惡意中繼站（C2）',
      description: '骨幹內容過濾資料庫比對到國民及學前教育署所屬學校主機定期連線至惡意中繼站，研判為第 3 級事件。',
      type: 'security', priority: 'P1', status: 'in_progress', agency_code: moeLine.agency_code,
      reported_by_email: ANALYST, assignee_email: ANALYST, resolution: null,
      opened_at: at(130), acknowledged_at: at(118), resolved_at: null, closed_at: null,
      items: [lineRef(moeLine), deviceRef('fw-central-01')],
    },
    {
      title: '社交工程郵件：關務署多名同仁收到偽冒通知信',
      description: '偽冒報關系統通知之釣魚郵件，3 名同仁點擊連結，未輸入帳密。',
      type: 'security', priority: 'P2', status: 'resolved', agency_code: 'MOF-CA',
      reported_by_email: ANALYST, assignee_email: ANALYST, resolution: '封鎖寄件網域與惡意網址，受影響端點完成掃描，無感染跡象。',
      opened_at: at(3 * 24 * 60), acknowledged_at: at(3 * 24 * 60 - 25), resolved_at: at(2 * 24 * 60), closed_at: null,
      items: [deviceRef('fw-north-01')],
    },
    {
      title: 'GSN 臺中 PoP 偵測大量埠掃描',
      description: '入侵防禦服務偵測來自境外之大量 TCP 埠掃描，目標為中區機關。',
      type: 'security', priority: 'P3', status: 'closed', agency_code: 'MODA',
      reported_by_email: ANALYST, assignee_email: ANALYST, resolution: '來源位址已列入骨幹封鎖清單，並分享至 G-ISAC。',
      opened_at: at(20 * 24 * 60), acknowledged_at: at(20 * 24 * 60 - 40), resolved_at: at(20 * 24 * 60 - 300), closed_at: at(18 * 24 * 60),
      items: [deviceRef('fw-central-01'), deviceRef('agg-txg-01')],
    },
    {
      title: 'N-ISAC 情資：VPN 設備已公開弱點遭利用',
      description: '國家資通安全研究院分享情資，指出特定 VPN 設備弱點遭大規模利用，請各機關清查。',
      type: 'security', priority: 'P2', status: 'new', agency_code: 'EY',
      reported_by_email: ANALYST, assignee_email: null, resolution: null,
      opened_at: at(25), acknowledged_at: null, resolved_at: null, closed_at: null,
      items: [],
    },
    {
      title: `網頁置換：${huaSite.name}`,
      description: '機關網站首頁遭置換為不明訊息，已通報並啟動應變。',
      type: 'security', priority: 'P2', status: 'assigned', agency_code: huaSite.agency_code,
      reported_by_email: ANALYST, assignee_email: ANALYST, resolution: null,
      opened_at: at(70), acknowledged_at: at(55), resolved_at: null, closed_at: null,
      items: [{ item_type: 'information_system', code: huaSite.code }],
    },
    {
      title: '疑似網頁置換（經確認為機關正常改版）',
      description: '監控比對網頁內容大幅變動，經聯繫機關確認為預定改版。',
      type: 'security', priority: 'P4', status: 'cancelled', agency_code: 'MOC',
      reported_by_email: ANALYST, assignee_email: null, resolution: null,
      opened_at: at(9 * 24 * 60), acknowledged_at: at(9 * 24 * 60 - 60), resolved_at: null, closed_at: null,
      items: [],
    },
  ]
}

// ---------------------------------------------------------------------------------------------

/**
 * The commands that bring a demo incident from new to the status it is shown in, at the times
 * it records: handed to its assignee when acknowledged, then worked, held, resolved, closed or
 * cancelled. A hold starts halfway between acknowledgement and the data set's "now".
 */
export function historyOf(inc: DemoIncident, assigneeId: number | null, now: string) {
  const steps: Array<{ at: string; by: 'reporter' | 'assignee'; body: CommandBody }> = []
  const acknowledged = inc.acknowledged_at ?? inc.opened_at
  if (inc.status === 'cancelled') {
    return [{ at: acknowledged, by: 'reporter' as const, body: { command: 'cancel' as const, reason: inc.description } }]
  }
  if (assigneeId) steps.push({ at: acknowledged, by: 'reporter', body: { command: 'assign', assigneeId } })
  if (['in_progress', 'on_hold'].includes(inc.status)) steps.push({ at: acknowledged, by: 'assignee', body: { command: 'start' } })
  if (inc.status === 'on_hold') {
    const halfway = new Date((Date.parse(acknowledged) + Date.parse(now)) / 2).toISOString()
    steps.push({ at: halfway, by: 'assignee', body: { command: 'hold', reason: 'supplier' } })
  }
  if (inc.resolved_at) {
    steps.push({ at: inc.resolved_at, by: 'assignee', body: { command: 'resolve', resolution: inc.resolution ?? inc.description } })
  }
  if (inc.closed_at) steps.push({ at: inc.closed_at, by: 'reporter', body: { command: 'close' } })
  return steps.map((step) => (step.by === 'assignee' && !assigneeId ? { ...step, by: 'reporter' as const } : step))
}
