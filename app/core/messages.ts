/**
 * What the API says to people when a domain rule refuses a request, in each language an account
 * can choose. Errors carry a key and its parameters (a Message), not finished text, and are put
 * into words only where the reader is known: the exception handler renders them in the language
 * of the account making the request, an import in the language of the account importing. The
 * English here is the text the API has always answered, so clients and logs keep reading it.
 *
 * Parameters are the API's own identifiers (links, in_progress, noc); each language names them
 * in its own words, Traditional Chinese with Taiwan's government wording.
 */

import { incidentMessagesEn, incidentMessagesZh } from '#app/incidents/incident_messages'
import { eventMessagesEn, eventMessagesZh } from '#app/notifications/event_messages'
import { serviceDeskMessagesEn, serviceDeskMessagesZh } from '#app/incidents/service_desk_messages'
import { problemMessagesEn, problemMessagesZh } from '#app/problems/problem_messages'
import { reportMessagesEn, reportMessagesZh } from '#app/reports/report_messages'
import { programmeMessagesEn, programmeMessagesZh } from '#app/programme/programme_messages'
import { lineQualityMessagesEn, lineQualityMessagesZh, linkReasonMessagesEn, linkReasonMessagesZh } from '#shared/link_reasons'
import { changeMessagesEn, changeMessagesZh } from '#app/changes/change_messages'
import { slaMessagesEn, slaMessagesZh } from '#app/service_levels/sla_messages'
import { detectionMessagesEn, detectionMessagesZh } from '#app/detections/detection_messages'
import { flowMessagesEn, flowMessagesZh } from '#app/flows/flow_messages'
import { securityGradingMessagesEn, securityGradingMessagesZh } from '#app/security_grading/security_grading_messages'
import { securityMessagesEn, securityMessagesZh } from '#app/security/security_messages'
import { indicatorMessagesEn, indicatorMessagesZh } from '#app/indicators/indicator_messages'
import { deviceHealthMessagesEn, deviceHealthMessagesZh } from '#app/device_health/device_health_messages'
import { carrierMessagesEn, carrierMessagesZh } from '#app/carrier_contracts/carrier_messages'
import { qualityPolicyMessagesEn, qualityPolicyMessagesZh } from '#app/line_quality/quality_policy_messages'

export const LANGUAGES = ['zh-TW', 'en'] as const
export type Locale = (typeof LANGUAGES)[number]

/** The language an account's locale asks for; anything unknown (or no account) reads English. */
export function localeOf(locale: string | null | undefined): Locale {
  return locale === 'zh-TW' ? 'zh-TW' : 'en'
}

/** Singular English nouns for the rows an import refers to; resources keep their API names. */
const NOUNS_EN: Record<string, string> = {
  agencies: 'agency',
  data_centres: 'data centre',
  information_systems: 'information system',
  devices: 'device',
  links: 'link',
  users: 'user',
}
const nounEn = (table: string) => NOUNS_EN[table] ?? table

/** Resources, tables and item types (link, device…) by what the console's UI calls them. */
const THINGS_ZH: Record<string, string> = {
  agencies: '機關',
  data_centres: '機房',
  information_systems: '資訊系統',
  devices: '設備',
  links: '線路',
  incidents: '事件單',
  maintenance_windows: '維護時段',
  users: '使用者',
  access_tokens: '存取權杖',
  audit_log: '稽核紀錄',
  imports: '匯入作業',
  overview: '總覽',
  notification_channels: '通知管道',
  problems: '問題單',
  known_errors: '已知錯誤',
  service_reports: '服務管理報表',
  changes: '變更單',
  change_boards: '變更審議委員會',
  change_templates: '標準變更範本',
  freeze_periods: '凍結期',
  sla_policies: 'SLA 政策',
  legal_clock_policies: '法定時限',
  security_kpis: '資安績效指標',
  holidays: '辦公日曆',
  business_hours: '上班時間',
  agency_prefixes: '機關網段',
  flows: '流量紀錄',
  flow_exporters: '流量匯出設備',
  indicators: '威脅指標',
  sharing_groups: '分享群組',
  indicator_sightings: '指標目擊紀錄',
  carrier_contracts: '電路服務水準合約',
  line_quality_policies: '線路品質門檻',
  carrier_reports: '電信業者服務水準報表',
  programme_targets: '計畫目標',
  programme_figures: '計畫填報數據',
  programme_reviews: '計畫月報',
  link: '線路',
  incident: '事件單',
  device: '設備',
  information_system: '資訊系統',
  data_centre: '機房',
}
const ROLES_ZH: Record<string, string> = {
  admin: '系統管理員',
  noc: '網路維運中心（NOC）',
  analyst: '資安分析師（G-ISAC）',
  cio: '資訊長',
  agency_liaison: '機關聯絡窗口',
  auditor: '稽核人員',
}
/** How a filter value's expected type reads (core/list_query.ts's ColumnType). */
const TYPE_EN: Record<string, string> = {
  smallint: 'a whole number', integer: 'a whole number', bigint: 'a whole number', number: 'a number',
  boolean: 'true or false', date: 'a date (YYYY-MM-DD)', timestamp: 'a date and time (ISO 8601)',
  inet: 'an IP address', uuid: 'a UUID', text: 'text without NUL characters',
}
const TYPE_ZH: Record<string, string> = {
  smallint: '整數', integer: '整數', bigint: '整數', number: '數字', boolean: 'true 或 false',
  date: '日期（YYYY-MM-DD）', timestamp: '日期時間（ISO 8601）', inet: 'IP 位址', uuid: 'UUID',
  text: '不含 NUL 字元的文字',
}
const ACTIONS_ZH: Record<string, string> = { read: '讀取', create: '新增', update: '修改', delete: '刪除' }
const INCIDENT_TYPES_ZH: Record<string, string> = { service: '服務事件', security: '資安事件' }
/** The natural keys imports refer to rows by (core/csv_references.ts). */
const KEYS_ZH: Record<string, string> = { code: '代碼', hostname: '主機名稱', circuit_id: '電路編號', email: '電子郵件' }

const word = (words: Record<string, string>) => (id: string) => words[id] ?? id
const thing = word(THINGS_ZH)
const role = word(ROLES_ZH)
const action = word(ACTIONS_ZH)
const incidentType = word(INCIDENT_TYPES_ZH)
const key = word(KEYS_ZH)
const list = (items: string[]) => items.join('、')

type Id = string | number

const en = {
  // Access and scope
  'access.role_may_not': (p: { role: string; action: string; resource: string }) =>
    `role ${p.role} may not ${p.action} ${p.resource}`,
  'access.disabled': () => 'this account is disabled',
  'access.no_link_events': () => 'no access to link events',
  'access.csrf': () => 'missing or invalid CSRF token (send X-XSRF-TOKEN)',
  'access.denied': () => 'Access denied',
  'access.too_many_logins': (p: { seconds: number }) => `too many failed logins; try again in ${p.seconds} s`,
  'scope.agency_outside': (p: { agencyId: Id | null }) => `agency ${p.agencyId} is outside your agency`,

  // Records in general
  'record.not_found': (p: { resource: string; id: Id }) => `${p.resource} ${p.id} not found`,
  'record.missing': () => 'not found',
  'record.still_referred_to': () => 'other records still refer to this one',
  'record.already_exists': () => 'already exists',
  'record.value_refused': () => 'a value is not valid for its field',
  'server.internal': (p: { requestId: string }) => `the server failed to answer; quote request ${p.requestId} to the operators`,
  'record.id_positive': () => 'id must be a positive integer',
  'record.item_missing': (p: { itemType: string; id: Id }) => `${p.itemType} ${p.id} does not exist`,
  'tokens.not_found': () => 'no such token',

  // List queries typed by hand
  'list.not_json': (p: { name: string }) => `${p.name} must be JSON`,
  'list.filter_object': () => 'filter must be a JSON object',
  'list.range_value': (p: { field: string }) => `${p.field} must be a number or a date`,
  'list.cannot_filter': (p: { field: string }) => `cannot filter on ${p.field}`,
  'list.scalar': (p: { field: string }) => `${p.field} must be a scalar or a list of scalars`,
  'list.sort_shape': () => 'sort must be ["field","ASC|DESC"]',
  'list.cannot_sort': (p: { field: string }) => `cannot sort on ${p.field}`,
  'list.range_shape': () => 'range must be [first,last] with 0 <= first <= last',
  'list.value_type': (p: { field: string; type: string }) => `${p.field} must be ${TYPE_EN[p.type] ?? 'a valid value'}`,

  // Inventory rules
  'agencies.under_itself': () => 'an agency cannot be placed under itself or its own sub-agency',
  'data_centres.consolidate_into_itself': () => 'a data centre cannot consolidate into itself',
  'data_centres.closure_date': () => 'a closed data centre needs its closure date',
  'systems.merged_needs_target': () => 'a merged system needs the system it merged into',
  'systems.merge_into_itself': () => 'a system cannot merge into itself',
  'links.polled_interface': () => 'a polled interface needs both its device and its ifIndex',
  'links.uplink_does_not_fold': () => 'an uplink is what lines fold into; it does not fold into another',
  'links.decommission_date': () => 'a decommissioned line needs its decommission date',
  'devices.snmp_user': () => 'SNMPv3 needs a user name',
  'devices.snmp_auth': (p: { level: string }) => `${p.level} needs an authentication protocol and key`,
  'devices.snmp_priv': () => 'authPriv needs a privacy protocol and key',
  'users.password': () => 'a new account needs a password',
  'users.liaison_agency': () => 'an agency liaison must be bound to an agency',

  // Incidents and maintenance windows
  'incidents.type_not_handled': (p: { role: string; type: string }) => `role ${p.role} does not handle ${p.type} incidents`,
  'incidents.security_type_kept': (p: { role: string }) =>
    `role ${p.role} may not change the type of a security incident: only G-ISAC analysts decide it is not one`,
  'maintenance.ends_after_start': () => 'a maintenance window ends after it starts',
  'maintenance.too_long': (p: { days: number }) => `a maintenance window lasts at most ${p.days} days`,

  // Discovery (a device's interfaces walked through a collector)
  'discovery.collector_failed': (p: { deviceId: Id; reason: string }) => `the collector could not walk device ${p.deviceId}: ${p.reason}`,
  'discovery.no_collector': (p: { deviceId: Id; seconds: number }) =>
    `no collector took the interface walk of device ${p.deviceId} within ${p.seconds} s: is collector:run running?`,
  'discovery.unfinished': (p: { deviceId: Id; seconds: number }) => `the interface walk of device ${p.deviceId} did not finish within ${p.seconds} s`,
  'discovery.no_answer': (p: { deviceId: Id; kind: string; reason: string }) => `device ${p.deviceId} did not answer the walk: ${p.kind}: ${p.reason}`,
  'discovery.link_twice': (p: { linkId: Id }) => `link ${p.linkId} is listed twice`,
  'discovery.nothing_to_unbind': (p: { linkId: Id; deviceId: Id }) =>
    `link ${p.linkId} is not bound to device ${p.deviceId}, so there is nothing to unbind`,

  // Notification channels
  'channels.email_count': () => 'give between 1 and 20 e-mail addresses, separated by commas',
  'channels.not_an_email': (p: { address: string }) => `${p.address} is not an e-mail address`,
  'channels.webhook_absolute': () => 'a webhook target must be an absolute URL',
  'channels.webhook_protocol': () => 'a webhook target must be an http or https URL',
  'channels.webhook_credentials': () => 'put no user name or password in the URL; receivers check the signature',
  'channels.webhook_internal': (p: { address: string }) =>
    `webhooks may not reach ${p.address}, an internal address (loopback, link-local or private); an admin can allow a range with WEBHOOK_ALLOWED_RANGES`,
  'channels.email_no_secret': () => 'e-mail channels have no secret',
  'channels.webhook_secret': () => 'a webhook needs a signing secret of at least 16 characters',

  // Imports: the request
  'imports.not_importable': (p: { resource: string; importable: string[] }) =>
    `cannot import "${p.resource}": importable are ${p.importable.join(', ')}`,
  'imports.role_may_not_write': (p: { role: string; resource: string }) => `role ${p.role} may not write ${p.resource}`,
  'imports.file_missing': () => 'attach the CSV file as the multipart field "file"',
  'imports.not_found': (p: { id: Id }) => `import ${p.id} not found`,
  'imports.stopped': (p: { reason: string }) => `the import stopped: ${p.reason}`,

  // Imports: the file and its lines
  'imports.empty_file': () => 'the file is empty: it needs a header line naming the columns',
  'imports.summary': (p: { rows: number; inserted: number; updated: number; unchanged: number; rejected: number }) =>
    `${p.rows} rows: ${p.inserted} inserted, ${p.updated} updated, ${p.unchanged} unchanged, ${p.rejected} rejected`,
  'imports.header_unreadable': (p: { reason: string }) => `the header line cannot be read: ${p.reason}`,
  'imports.header_mismatch': (p: { resource: string }) => `the header does not match the columns of ${p.resource}`,
  'imports.database_refused': (p: { reason: string }) => `the database refused the row: ${p.reason}`,
  'imports.no_such_reference': (p: { table: string; key: string; code: string; inFile: boolean }) =>
    `no ${nounEn(p.table)} has ${p.key} "${p.code}"${p.inFile ? ' in the database or in this file' : ''}`,
  'imports.row_outside': (p: { table: string; key: string | null }) =>
    `${nounEn(p.table)} "${p.key}" belongs to an agency outside your own`,
  'imports.agency_outside': (p: { table: string }) => `the agency of this ${nounEn(p.table)} is outside your own agency`,
  'imports.refused_reference': (p: { table: string; code: string; line: number }) =>
    `${nounEn(p.table)} "${p.code}" on line ${p.line} was rejected, so it cannot be referred to`,
  'csv.empty_column': () => 'the header has an empty column name',
  'csv.unknown_column': (p: { column: string; resource: string; columns: string[] }) =>
    `unknown column "${p.column}" for ${p.resource} (columns: ${p.columns.join(', ')})`,
  'csv.duplicate_column': (p: { column: string }) => `column "${p.column}" appears twice in the header`,
  'csv.missing_column': (p: { column: string }) => `required column "${p.column}" is missing from the header`,
  'csv.field_count': (p: { fields: number; columns: number }) =>
    `the line has ${p.fields} field${p.fields === 1 ? '' : 's'}, the header has ${p.columns}`,
  'csv.not_utf8': () => 'the line is not valid UTF-8: save the file as "CSV UTF-8"',
  'csv.errors_omitted': (p: { count: number }) => `${p.count} more errors not listed`,
  'csv.quote_never_closed': () => 'a quoted field is never closed: add the missing closing quote (")',
  'csv.text_after_quote': (p: { column: number }) =>
    `column ${p.column} has text after its closing quote: quote the whole cell and double any quote inside it ("")`,
  'csv.quote_runs_on': (p: { from: number; to: number; fields: number; expected: number }) =>
    `a quoted field opened on line ${p.from} runs to line ${p.to} and leaves ` +
    `${p.fields} fields instead of ${p.expected}: is a closing quote (") missing?`,
  ...incidentMessagesEn,
  ...eventMessagesEn,
  ...serviceDeskMessagesEn,
  ...problemMessagesEn,
  ...reportMessagesEn,
  ...programmeMessagesEn,
  ...changeMessagesEn,
  ...slaMessagesEn,
  ...detectionMessagesEn,
  ...flowMessagesEn,
  ...securityGradingMessagesEn,
  ...lineQualityMessagesEn,
  ...linkReasonMessagesEn,
  ...securityMessagesEn,
  ...indicatorMessagesEn,
  ...deviceHealthMessagesEn,
  ...carrierMessagesEn,
  ...qualityPolicyMessagesEn,
}

type Catalogue = typeof en

const zhTW: Catalogue = {
  'access.role_may_not': (p) => `「${role(p.role)}」角色不可${action(p.action)}${thing(p.resource)}`,
  'access.disabled': () => '此帳號已停用',
  'access.no_link_events': () => '您的角色無法查看線路事件',
  'access.csrf': () => '缺少或無效的 CSRF 權杖（請送出 X-XSRF-TOKEN 標頭）',
  'access.denied': () => '您的角色無法執行此操作',
  'access.too_many_logins': (p) => `登入失敗次數過多，請於 ${p.seconds} 秒後再試`,
  'scope.agency_outside': (p) => `機關 ${p.agencyId} 不在您的機關範圍內`,

  'record.not_found': (p) => `找不到${thing(p.resource)} ${p.id}`,
  'record.missing': () => '找不到此筆資料',
  'record.still_referred_to': () => '仍有其他資料參照此筆資料',
  'record.already_exists': () => '此筆資料已存在',
  'record.value_refused': () => '有欄位的值不符合該欄位的格式',
  'server.internal': (p) => `伺服器無法完成此要求；請將要求編號 ${p.requestId} 提供給維運人員`,
  'record.id_positive': () => '編號必須是正整數',
  'record.item_missing': (p) => `${thing(p.itemType)} ${p.id} 不存在`,
  'tokens.not_found': () => '找不到此存取權杖',

  'list.not_json': (p) => `${p.name} 必須是 JSON`,
  'list.filter_object': () => 'filter 必須是 JSON 物件',
  'list.range_value': (p) => `${p.field} 必須是數字或日期`,
  'list.cannot_filter': (p) => `無法依 ${p.field} 篩選`,
  'list.scalar': (p) => `${p.field} 必須是單一值或單一值的清單`,
  'list.sort_shape': () => 'sort 的格式必須是 ["欄位","ASC|DESC"]',
  'list.cannot_sort': (p) => `無法依 ${p.field} 排序`,
  'list.range_shape': () => 'range 的格式必須是 [起,迄]，且 0 <= 起 <= 迄',
  'list.value_type': (p) => `${p.field} 必須是${TYPE_ZH[p.type] ?? '有效的值'}`,

  'agencies.under_itself': () => '機關不可隸屬於自己或自己的下級機關',
  'data_centres.consolidate_into_itself': () => '機房不可整併至自己',
  'data_centres.closure_date': () => '已裁撤的機房須填寫裁撤日期',
  'systems.merged_needs_target': () => '已整併的資訊系統須指定整併至哪一個資訊系統',
  'systems.merge_into_itself': () => '資訊系統不可整併至自己',
  'links.polled_interface': () => '受監測的介面須同時填寫設備與 ifIndex',
  'links.uplink_does_not_fold': () => '部會上連線路是機關線路整併的對象，本身不可再整併至其他線路',
  'links.decommission_date': () => '已裁撤的線路須填寫裁撤日期',
  'devices.snmp_user': () => 'SNMPv3 須填寫使用者名稱',
  'devices.snmp_auth': (p) => `${p.level} 須填寫驗證協定與驗證金鑰`,
  'devices.snmp_priv': () => 'authPriv 須填寫加密協定與加密金鑰',
  'users.password': () => '新帳號須設定密碼',
  'users.liaison_agency': () => '機關聯絡窗口須指定所屬機關',

  'incidents.type_not_handled': (p) => `「${role(p.role)}」角色不處理${incidentType(p.type)}`,
  'incidents.security_type_kept': (p) => `「${role(p.role)}」角色不得變更資安事件的類型：僅 G-ISAC 資安分析師可判定其非資安事件`,
  'maintenance.ends_after_start': () => '維護時段的結束時間須晚於開始時間',
  'maintenance.too_long': (p) => `維護時段最長 ${p.days} 天`,

  'discovery.collector_failed': (p) => `收集器無法巡查設備 ${p.deviceId}：${p.reason}`,
  'discovery.no_collector': (p) => `${p.seconds} 秒內沒有收集器接手設備 ${p.deviceId} 的介面巡查：collector:run 是否在執行？`,
  'discovery.unfinished': (p) => `設備 ${p.deviceId} 的介面巡查未在 ${p.seconds} 秒內完成`,
  'discovery.no_answer': (p) => `設備 ${p.deviceId} 未回應巡查：${p.kind}：${p.reason}`,
  'discovery.link_twice': (p) => `線路 ${p.linkId} 重複列出`,
  'discovery.nothing_to_unbind': (p) => `線路 ${p.linkId} 並未綁定於設備 ${p.deviceId}，無可解除的綁定`,

  'channels.email_count': () => '請填寫 1 至 20 個電子郵件地址，以逗號分隔',
  'channels.not_an_email': (p) => `${p.address} 不是有效的電子郵件地址`,
  'channels.webhook_absolute': () => 'Webhook 目標必須是完整的網址',
  'channels.webhook_protocol': () => 'Webhook 目標必須是 http 或 https 網址',
  'channels.webhook_credentials': () => '網址中請勿包含使用者名稱或密碼，接收端以簽章驗證來源',
  'channels.webhook_internal': (p) => `Webhook 不得連往內部位址 ${p.address}（本機、鏈路本地或私有網段）；系統管理員可以 WEBHOOK_ALLOWED_RANGES 開放特定網段`,
  'channels.email_no_secret': () => '電子郵件通知管道不使用簽章密鑰',
  'channels.webhook_secret': () => 'Webhook 須設定至少 16 個字元的簽章密鑰',

  'imports.not_importable': (p) => `無法匯入「${p.resource}」，可匯入的有：${list(p.importable.map(thing))}`,
  'imports.role_may_not_write': (p) => `「${role(p.role)}」角色不可寫入${thing(p.resource)}`,
  'imports.file_missing': () => '請以 multipart 欄位「file」附上 CSV 檔案',
  'imports.not_found': (p) => `找不到匯入作業 ${p.id}`,
  'imports.stopped': (p) => `匯入已中止：${p.reason}`,

  'imports.empty_file': () => '檔案是空的：第一行須是列出欄位名稱的標題列',
  'imports.summary': (p) =>
    `共 ${p.rows} 列：新增 ${p.inserted} 列、更新 ${p.updated} 列、未變更 ${p.unchanged} 列、拒絕 ${p.rejected} 列`,
  'imports.header_unreadable': (p) => `無法讀取標題列：${p.reason}`,
  'imports.header_mismatch': (p) => `標題列與${thing(p.resource)}的欄位不符`,
  'imports.database_refused': (p) => `資料庫拒絕寫入此列：${p.reason}`,
  'imports.no_such_reference': (p) =>
    `${p.inFile ? '資料庫及本檔案中' : ''}沒有${key(p.key)}為「${p.code}」的${thing(p.table)}`,
  'imports.row_outside': (p) => `${thing(p.table)}「${p.key}」屬於您機關範圍以外的機關`,
  'imports.agency_outside': (p) => `此${thing(p.table)}所屬的機關不在您的機關範圍內`,
  'imports.refused_reference': (p) => `第 ${p.line} 行的${thing(p.table)}「${p.code}」未能匯入，因此無法參照`,
  'csv.empty_column': () => '標題列有空白的欄位名稱',
  'csv.unknown_column': (p) => `「${p.column}」不是${thing(p.resource)}的欄位（可用的欄位：${p.columns.join(', ')}）`,
  'csv.duplicate_column': (p) => `欄位「${p.column}」在標題列出現兩次`,
  'csv.missing_column': (p) => `標題列缺少必要欄位「${p.column}」`,
  'csv.field_count': (p) => `此行有 ${p.fields} 個欄位，標題列有 ${p.columns} 個`,
  'csv.not_utf8': () => '此行不是有效的 UTF-8 文字：請將檔案另存為「CSV UTF-8」',
  'csv.errors_omitted': (p) => `另有 ${p.count} 筆錯誤未列出`,
  'csv.quote_never_closed': () => '有一個以引號開始的欄位沒有結束：請補上缺少的右引號（"）',
  'csv.text_after_quote': (p) => `第 ${p.column} 欄在右引號之後還有文字：請將整格加上引號，格內的引號請寫兩次（""）`,
  'csv.quote_runs_on': (p) =>
    `第 ${p.from} 行開始的引號欄位延續到第 ${p.to} 行，使此筆資料有 ${p.fields} 個欄位而不是 ${p.expected} 個：是否少了右引號（"）？`,
  ...incidentMessagesZh,
  ...eventMessagesZh,
  ...serviceDeskMessagesZh,
  ...problemMessagesZh,
  ...reportMessagesZh,
  ...programmeMessagesZh,
  ...changeMessagesZh,
  ...slaMessagesZh,
  ...detectionMessagesZh,
  ...flowMessagesZh,
  ...securityGradingMessagesZh,
  ...lineQualityMessagesZh,
  ...linkReasonMessagesZh,
  ...securityMessagesZh,
  ...indicatorMessagesZh,
  ...deviceHealthMessagesZh,
  ...carrierMessagesZh,
  ...qualityPolicyMessagesZh,
}

const CATALOGUES: Record<Locale, Catalogue> = { 'en': en, 'zh-TW': zhTW }

export type MessageKey = keyof Catalogue
export type MessageParams<K extends MessageKey> = Parameters<Catalogue[K]>

/** A message not yet in words: its key and parameters, rendered in the reader's language. */
export class Message<K extends MessageKey = MessageKey> {
  readonly params: MessageParams<K>
  constructor(
    readonly key: K,
    ...params: MessageParams<K>
  ) {
    this.params = params
  }

  in(locale: string | null | undefined): string {
    const render = CATALOGUES[localeOf(locale)][this.key] as (...args: MessageParams<K>) => string
    return render(...this.params)
  }

  toString() {
    return this.in('en')
  }
}

export function message<K extends MessageKey>(key: K, ...params: MessageParams<K>) {
  return new Message(key, ...params)
}

/**
 * What an error says: a Message, or plain text that reads the same in every language (what a
 * caller passes through from elsewhere, PostgreSQL's words say).
 */
export type Text = Message | string

export function textIn(text: Text, locale: string | null | undefined) {
  return typeof text === 'string' ? text : text.in(locale)
}
