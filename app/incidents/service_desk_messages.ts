/**
 * What the service desk's triage, groups, major incidents and attachments say (errors and
 * timeline entries), in each language; merged into app/core/messages.ts's catalogue.
 */
type GroupNames = { code: string; name: string; nameEn: string | null }
const groupEn = (p: GroupNames) => `${p.nameEn ?? p.name} (${p.code})`
const groupZh = (p: GroupNames) => `${p.name}（${p.code}）`
const KIND_EN: Record<string, string> = { noc: 'the NOC', gisac: 'G-ISAC', regional: 'a regional team', agency_it: "an agency's IT team" }
const KIND_ZH: Record<string, string> = { noc: '網路維運中心', gisac: 'G-ISAC', regional: '區域聯防中心', agency_it: '機關資訊單位' }
/** A size limit as people say it: in MB from one MB up, else in KB. */
const sizeOf = (bytes: number) => (bytes >= 1048576 ? `${Math.round((bytes / 1048576) * 10) / 10} MB` : `${Math.ceil(bytes / 1024)} KB`)
const STATUS_ZH: Record<string, string> = { closed: '已結案', cancelled: '已取消' }

export const serviceDeskMessagesEn = {
  'incidents.impact_urgency_together': () => 'give impact and urgency together: the priority matrix ranks the pair',
  'incidents.priority_needed': () => 'give impact and urgency (the priority matrix ranks them), or a priority',
  'incidents.group_not_eligible': (p: { id: number }) =>
    `assignment group ${p.id} cannot take this incident: no such group, or the IT team of an agency the incident is not under`,
  'incidents.assignee_not_member': (p: { id: number }) => `user ${p.id} is not a member of the assignment group`,
  'incidents.group_by_command': () => 'an incident is handed to a group through its assign command (group_id), not by editing',
  'incidents.timeline_routed': (p: GroupNames) => `Routed to ${groupEn(p)}`,
  'incidents.timeline_group': (p: GroupNames) => `Handed to group ${groupEn(p)}`,
  'incidents.timeline_ungrouped': () => 'Assignment group removed',
  'incidents.parent_not_found': (p: { id: number }) => `no incident ${p.id} to be the major incident`,
  'incidents.parent_self': () => 'an incident cannot be its own major incident',
  'incidents.parent_is_child': (p: { number: string }) => `${p.number} is itself a child of a major incident, so it cannot be one`,
  'incidents.child_has_children': () => 'this incident is a major incident with children of its own, so it cannot become a child',
  'incidents.parent_final': (p: { number: string; status: string }) => `${p.number} is ${p.status}: link children to an open major incident`,
  'incidents.timeline_child': (p: { child: string; linked: boolean }) =>
    p.linked ? `Incident ${p.child} linked as a child` : `Incident ${p.child} no longer a child`,
  'incidents.timeline_child_elsewhere': (p: { linked: boolean }): string =>
    p.linked ? 'An incident of another agency was linked as a child' : 'An incident of another agency is no longer a child',
  'incidents.timeline_resolved_with_parent': (p: { parent: string }) => `Resolved with major incident ${p.parent}`,
  'incidents.timeline_resolved_with_parent_elsewhere': () => "Resolved with another agency's major incident",
  'incidents.timeline_attached': (p: { file: string; bytes: number }) => `File attached: ${p.file} (${p.bytes} bytes)`,
  'incidents.attachment_missing': () => 'attach the file as the multipart field "file"',
  'incidents.attachment_type': (p: { extnames: string[] }) => `this type of file is not accepted; accepted: ${p.extnames.join(', ')}`,
  'incidents.attachment_too_large': (p: { maxBytes: number }) => `the file is larger than the ${sizeOf(p.maxBytes)} an attachment may be`,
  'groups.kind_fields': (p: { kind: string; field: string }) =>
    p.field === 'region'
      ? `${KIND_EN[p.kind] ?? p.kind}: a region is given for a regional team and only for one`
      : `${KIND_EN[p.kind] ?? p.kind}: an agency is given for an agency's IT team and only for one`,
  'groups.member_not_eligible': (p: { id: number }) =>
    `user ${p.id} cannot be a member: no active account, or not one of the agency's own people (national groups take national accounts)`,
  'priority_matrix.cell_fixed': () => "a cell's impact and urgency are fixed: change its priority",
}

export const serviceDeskMessagesZh: { [K in keyof typeof serviceDeskMessagesEn]: (...p: Parameters<(typeof serviceDeskMessagesEn)[K]>) => string } = {
  'incidents.impact_urgency_together': () => '影響範圍與緊急程度須一併填寫：優先等級由優先等級矩陣依兩者決定',
  'incidents.priority_needed': () => '請填寫影響範圍與緊急程度（由優先等級矩陣決定優先等級），或直接填寫優先等級',
  'incidents.group_not_eligible': (p) => `處理群組 ${p.id} 無法承接此事件單：群組不存在，或為此事件單所屬機關以外之機關資訊單位`,
  'incidents.assignee_not_member': (p) => `使用者 ${p.id} 不是此處理群組的成員`,
  'incidents.group_by_command': () => '請以「指派」動作（group_id）指定處理群組，不能直接編輯',
  'incidents.timeline_routed': (p) => `依分派規則派至 ${groupZh(p)}`,
  'incidents.timeline_group': (p) => `轉派至群組 ${groupZh(p)}`,
  'incidents.timeline_ungrouped': () => '取消處理群組',
  'incidents.parent_not_found': (p) => `找不到可作為重大事件的事件單 ${p.id}`,
  'incidents.parent_self': () => '事件單不能作為自己的重大事件',
  'incidents.parent_is_child': (p) => `${p.number} 本身隸屬於其他重大事件，不能作為重大事件`,
  'incidents.child_has_children': () => '此事件單已是含有子事件的重大事件，不能再列為子事件',
  'incidents.parent_final': (p) => `${p.number} ${STATUS_ZH[p.status] ?? p.status}：請連結至仍在處理中的重大事件`,
  'incidents.timeline_child': (p) => (p.linked ? `事件單 ${p.child} 列為子事件` : `事件單 ${p.child} 不再列為子事件`),
  'incidents.timeline_child_elsewhere': (p) => (p.linked ? '其他機關的事件單列為子事件' : '其他機關的事件單不再列為子事件'),
  'incidents.timeline_resolved_with_parent': (p) => `隨重大事件 ${p.parent} 一併解決`,
  'incidents.timeline_resolved_with_parent_elsewhere': () => '隨其他機關的重大事件一併解決',
  'incidents.timeline_attached': (p) => `附加檔案：${p.file}（${p.bytes} 位元組）`,
  'incidents.attachment_missing': () => '請以 multipart 欄位「file」附上檔案',
  'incidents.attachment_type': (p) => `不接受此類檔案；可接受：${p.extnames.join('、')}`,
  'incidents.attachment_too_large': (p) => `檔案超過附件上限 ${sizeOf(p.maxBytes)}`,
  'groups.kind_fields': (p) =>
    p.field === 'region'
      ? `${KIND_ZH[p.kind] ?? p.kind}：僅區域聯防中心須填寫區域`
      : `${KIND_ZH[p.kind] ?? p.kind}：僅機關資訊單位須填寫機關`,
  'groups.member_not_eligible': (p) => `使用者 ${p.id} 不能加入：帳號不存在或已停用，或不屬於該機關（全國性群組僅限全國性帳號）`,
  'priority_matrix.cell_fixed': () => '矩陣格的影響範圍與緊急程度不能變更：請修改其優先等級',
}
