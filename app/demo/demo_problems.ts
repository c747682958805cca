import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import type { Actor } from '#app/audit/audit_log'
import Incident from '#app/incidents/incident'
import { applyProblemCommand, fileIncident, openProblem, type ProblemCommandBody } from '#app/problems/problem_service'

/**
 * The demo's problems, written by the NOC through the problem service after the incidents are
 * loaded: a national known error behind the eastern lines' faults (searchable by the service
 * desk), the health ministry's saturated uplink resolved and closed, and the core router's CPU
 * load still under investigation. Each groups the demo incidents it explains, found by their
 * titles (app/demo/demo_incidents.ts).
 */
interface DemoProblem {
  title: string
  description: string
  priority: 'P1' | 'P2' | 'P3' | 'P4'
  /** An incident title pattern (SQL LIKE); the problem takes the agency of the first match, or none. */
  incidents: string[]
  national: boolean
  hoursAgo: number
  steps: Array<{ hoursAgo: number; body: ProblemCommandBody }>
}

const PROBLEMS: DemoProblem[] = [
  {
    title: '東部線路清晨反覆劣化與中斷',
    description: '臺東、花蓮方向機關線路於清晨低溫時段封包遺失率升高，部分線路短暫中斷後自行恢復。',
    priority: 'P2',
    incidents: ['線路中斷：%', '線路品質劣化：%'],
    national: true,
    hoursAgo: 30,
    steps: [
      { hoursAgo: 28, body: { command: 'investigate', note: '比對中華電信東部光纜維運紀錄與線路告警時間。' } },
      {
        hoursAgo: 6,
        body: {
          command: 'identify',
          rootCause: '東部幹線光纜接續盒受潮，清晨低溫時接續損耗升高，造成封包遺失與短暫中斷。',
          workaround: '將受影響機關流量切換至 4G 備援路由，並請電信業者於白天重新熔接前持續監看。',
        },
      },
    ],
  },
  {
    title: '衛生福利部上行鏈路頻寬不足',
    description: '上午尖峰時段上行鏈路使用率持續超過 95%，健保查詢回應變慢。',
    priority: 'P1',
    incidents: ['%上行鏈路尖峰時段流量飽和'],
    national: false,
    hoursAgo: 20,
    steps: [
      { hoursAgo: 19, body: { command: 'investigate', note: null } },
      { hoursAgo: 18, body: { command: 'identify', rootCause: '上行鏈路仍為 1 Gbps，未隨機關整併後的流量調整。', workaround: '以 QoS 保留健保查詢頻寬。' } },
      { hoursAgo: 4, body: { command: 'resolve', resolution: '上行鏈路升級至 10 Gbps。', resolveIncidents: true } },
      { hoursAgo: 2, body: { command: 'close', note: null } },
    ],
  },
  {
    title: '核心路由器 CPU 使用率偏高原因不明',
    description: '核心路由器 CPU 使用率長時間高於 80%，尚未找出觸發原因。',
    priority: 'P3',
    incidents: ['核心路由器 CPU%'],
    national: true,
    hoursAgo: 10,
    steps: [{ hoursAgo: 9, body: { command: 'investigate', note: '已向原廠開案並收集診斷資料。' } }],
  },
]

export async function seedDemoProblems(trx: TransactionClientContract, noc: Actor, asOf: string) {
  const at = (hoursAgo: number) => new Date(Date.parse(asOf) - hoursAgo * 3_600_000)
  let filed = 0
  for (const spec of PROBLEMS) {
    const incidents: Incident[] = []
    for (const pattern of spec.incidents) {
      incidents.push(...(await Incident.query({ client: trx }).whereLike('title', pattern).orderBy('id').forUpdate()))
    }
    const row = await openProblem(trx, noc, {
      title: spec.title,
      description: spec.description,
      priority: spec.priority,
      agencyId: spec.national ? null : (incidents[0]?.agencyId ?? null),
      at: at(spec.hoursAgo),
    })
    // Filed once investigating starts, before the problem is resolved with them.
    const [first, ...rest] = spec.steps
    await applyProblemCommand(trx, noc, row, first.body, at(first.hoursAgo), async () => true)
    for (const incident of incidents) await fileIncident(trx, noc, row, incident, at(first.hoursAgo))
    filed += incidents.length
    for (const step of rest) await applyProblemCommand(trx, noc, row, step.body, at(step.hoursAgo), async () => true)
  }
  return { problems: PROBLEMS.length, incidents: filed }
}
