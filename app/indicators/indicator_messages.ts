/**
 * What the indicator and sharing routes answer when they refuse something, and what an import
 * reports of each object it passed over, in each language (merged into app/core/messages.ts).
 */
import { TLP_LABEL, type Tlp } from '#app/indicators/visibility'

type Published = { id: number; value: string; tlp: Tlp; group: string | null }

const TYPE_EN: Record<string, string> = {
  ipv4: 'an IPv4 address', ipv6: 'an IPv6 address', ipv4_prefix: 'an IPv4 prefix (192.0.2.0/24)',
  ipv6_prefix: 'an IPv6 prefix (2001:db8::/32)', domain: 'a domain name', url: 'an http(s) or ftp(s) URL',
  md5: 'an MD5 hash (32 hex digits)', sha1: 'a SHA-1 hash (40 hex digits)', sha256: 'a SHA-256 hash (64 hex digits)',
  email: 'an e-mail address',
}
const TYPE_ZH: Record<string, string> = {
  ipv4: 'IPv4 位址', ipv6: 'IPv6 位址', ipv4_prefix: 'IPv4 網段（如 192.0.2.0/24）', ipv6_prefix: 'IPv6 網段（如 2001:db8::/32）',
  domain: '網域名稱', url: 'http(s) 或 ftp(s) 網址', md5: 'MD5 雜湊值（32 位十六進位）', sha1: 'SHA-1 雜湊值（40 位十六進位）',
  sha256: 'SHA-256 雜湊值（64 位十六進位）', email: '電子郵件地址',
}

const SKIP_EN: Record<string, string> = {
  not_an_object: 'not a JSON object', missing_field: 'a required field is missing', bad_id: 'the identifier is not of the form type--UUID',
  bad_time: 'not an RFC 3339 time', pattern_unsupported: 'only patterns of one comparison ([ipv4-addr:value = \'…\']) are read',
  pattern_type_unsupported: 'only STIX patterns are read', type_unsupported: 'an attribute type that is no indicator of ours',
  value_not_of_type: 'the value is not of its type', marking_unknown: 'object_marking_refs is not a list', revoked: 'revoked by its producer',
  refused: 'refused', tlp_unknown: 'not a TLP 2.0 marking (clear, green, amber, amber+strict, red)',
}
const SKIP_ZH: Record<string, string> = {
  not_an_object: '不是 JSON 物件', missing_field: '缺少必要欄位', bad_id: '識別碼不是 type--UUID 格式', bad_time: '不是 RFC 3339 時間',
  pattern_unsupported: '僅能讀取單一比較的樣式（如 [ipv4-addr:value = \'…\']）', pattern_type_unsupported: '僅能讀取 STIX 樣式',
  type_unsupported: '不是本系統可用的指標屬性類型', value_not_of_type: '值與其類型不符', marking_unknown: 'object_marking_refs 不是清單',
  revoked: '已被發布者撤銷', refused: '遭拒絕', tlp_unknown: '不是 TLP 2.0 標示（clear、green、amber、amber+strict、red）',
}
const MALFORMED_EN: Record<string, string> = {
  not_json: 'not a JSON document', not_an_object: 'not a JSON object', not_a_bundle: 'not a STIX bundle (type must be "bundle")',
  objects_not_array: 'must be a list of objects', not_a_misp_event: 'not a MISP event (an object under "Event")',
  attributes_not_array: 'must be a list', unknown_format: 'neither a STIX 2.1 bundle, a MISP event nor a plain feed', too_many: 'more objects than one import takes (10,000)',
  not_a_feed: 'a plain feed is sent as {"feed": "…"}, one value a line or CSV with a value column', not_csv: 'the CSV cannot be read (a quote left open?)',
}
const MALFORMED_ZH: Record<string, string> = {
  not_json: '不是 JSON 文件', not_an_object: '不是 JSON 物件', not_a_bundle: '不是 STIX bundle（type 須為 "bundle"）', objects_not_array: '須為物件清單',
  not_a_misp_event: '不是 MISP 事件（"Event" 之下的物件）', attributes_not_array: '須為清單', unknown_format: '既非 STIX 2.1 bundle、MISP 事件，亦非純文字情資',
  too_many: '物件數超過單次匯入上限（10,000）',
  not_a_feed: '純文字情資須以 {"feed": "…"} 送出，每行一個值，或含 value 欄的 CSV', not_csv: '無法讀取此 CSV（是否有未關閉的引號？）',
}

export const indicatorMessagesEn = {
  'indicators.value_not_of_type': (p: { type: string }) => `must be ${TYPE_EN[p.type] ?? p.type}`,
  'indicators.host_bits': (p: { network: string }) => `the prefix has bits set after its length: write ${p.network}`,
  'indicators.seen_order': () => 'first seen must not come after last seen',
  'indicators.duplicate': (p: { id: number }) => `the same indicator is already published to the same audience (indicator ${p.id})`,
  'indicators.group_not_found': (p: { id: number }) => `sharing group ${p.id} not found`,
  'indicators.source_not_member': () => 'the source agency is not a member of this sharing group',
  'indicators.import_not_json': () => 'the body must be a JSON document',
  'indicators.import_malformed': (p: { path: string; reason: string }) => `${p.path}: ${MALFORMED_EN[p.reason] ?? p.reason}`,
  'indicators.import_skipped': (p: { path: string; reason: string; detail: string | null }) =>
    `${p.path} skipped: ${SKIP_EN[p.reason] ?? p.reason}${p.detail ? ` (${p.detail})` : ''}`,
  'indicators.import_refused': (p: { path: string; field: string; text: string }) => `${p.path} skipped: ${p.field} ${p.text}`,
  'indicators.retro_hunt_days': (p: { max: number }) => `days must be a whole number from 1 to ${p.max}`,
  // TAXII 2.1 (app/indicators/taxii/): what an agency's tool shows its people.
  'taxii.discovery_title': () => 'GSN Console: G-ISAC indicators',
  'taxii.discovery_description': () => 'Indicators of compromise shared on the Government Service Network, marked with TLP 2.0 (never TLP:RED)',
  'taxii.api_root_title': () => 'GSN indicators',
  'taxii.community_title': () => 'GSN community: TLP:CLEAR and TLP:GREEN',
  'taxii.community_description': () => 'Every TLP:CLEAR and TLP:GREEN indicator of the GSN, whoever published it and whatever group it was shared with',
  'taxii.group_description': (p: { name: string }) => `Indicators shared with the sharing group ${p.name} that you may pass on (TLP:CLEAR to AMBER+STRICT; never RED)`,
  'taxii.unauthorized': () => 'Authentication required',
  'taxii.unauthorized_how': () => 'Send an access token of the console as the password of HTTP Basic (any user name) or as a Bearer token',
  'taxii.forbidden': () => 'Not allowed',
  'taxii.forbidden_how': () => 'This account may not read indicators, or it is disabled',
  'taxii.not_acceptable': () => 'Not acceptable',
  'taxii.not_acceptable_how': (p: { type: string }) => `This server answers ${p.type} only: send it in Accept`,
  'taxii.not_found': () => 'Not found',
  'taxii.not_found_how': () => 'No such collection or object, or none this account may read',
  'taxii.bad_request': () => 'Bad request',
  'taxii.bad_parameter': (p: { parameter: string; reason: string }) =>
    `${p.parameter}: ${p.reason === 'not_a_timestamp' ? 'not an RFC 3339 timestamp with a time zone (2026-03-01T08:00:00Z)' : p.reason === 'not_a_cursor' ? 'not a next value this server gave' : p.reason === 'not_a_version' ? 'neither first, last, all nor an RFC 3339 timestamp' : 'not valid'}`,
  'taxii.server_error': () => 'Server error',
  'taxii.server_error_how': (p: { requestId: string }) => `The server could not answer; request ${p.requestId} is in its log`,
  'indicators.not_security_incident': () => 'only a security incident has attackers to publish',
  'indicators.not_in_evidence': (p: { value: string }) => `${p.value} is not a source address in this incident's evidence`,
  'indicators.timeline_published': (p: Published) =>
    `Attacker ${p.value} published as indicator ${p.id}, TLP:${TLP_LABEL[p.tlp] ?? p.tlp}, ${p.group ? `to the sharing group ${p.group}` : 'to no sharing group'}`,
}

export const indicatorMessagesZh: typeof indicatorMessagesEn = {
  'indicators.value_not_of_type': (p) => `須為${TYPE_ZH[p.type] ?? p.type}`,
  'indicators.host_bits': (p) => `網段長度之後仍有位元為 1，請寫成 ${p.network}`,
  'indicators.seen_order': () => '首次發現時間不可晚於最後發現時間',
  'indicators.duplicate': (p) => `相同指標已分享給相同對象（指標 ${p.id}）`,
  'indicators.group_not_found': (p) => `找不到分享群組 ${p.id}`,
  'indicators.source_not_member': () => '來源機關不是此分享群組的成員',
  'indicators.import_not_json': () => '內容須為 JSON 文件',
  'indicators.import_malformed': (p) => `${p.path}：${MALFORMED_ZH[p.reason] ?? p.reason}`,
  'indicators.import_skipped': (p) => `已略過 ${p.path}：${SKIP_ZH[p.reason] ?? p.reason}${p.detail ? `（${p.detail}）` : ''}`,
  'indicators.import_refused': (p) => `已略過 ${p.path}：${p.field} ${p.text}`,
  'indicators.retro_hunt_days': (p) => `天數須為 1 至 ${p.max} 的整數`,
  'taxii.discovery_title': () => 'GSN 管理平台：G-ISAC 威脅指標',
  'taxii.discovery_description': () => '政府服務網分享的入侵指標，以 TLP 2.0 標記（不含 TLP:RED）',
  'taxii.api_root_title': () => 'GSN 威脅指標',
  'taxii.community_title': () => 'GSN 社群：TLP:CLEAR 與 TLP:GREEN',
  'taxii.community_description': () => '政府服務網所有 TLP:CLEAR 與 TLP:GREEN 指標，不論發布者與分享群組',
  'taxii.group_description': (p) => `分享給分享群組「${p.name}」且您可轉傳的指標（TLP:CLEAR 至 AMBER+STRICT，不含 RED）`,
  'taxii.unauthorized': () => '需要驗證',
  'taxii.unauthorized_how': () => '請以本平台的存取權杖作為 HTTP Basic 的密碼（使用者名稱不拘），或以 Bearer 權杖送出',
  'taxii.forbidden': () => '不允許',
  'taxii.forbidden_how': () => '此帳號不可讀取威脅指標，或已停用',
  'taxii.not_acceptable': () => '無法提供所要求的格式',
  'taxii.not_acceptable_how': (p) => `本伺服器僅以 ${p.type} 回應，請於 Accept 標頭中指定`,
  'taxii.not_found': () => '找不到',
  'taxii.not_found_how': () => '沒有此集合或物件，或此帳號無權讀取',
  'taxii.bad_request': () => '請求有誤',
  'taxii.bad_parameter': (p) =>
    `${p.parameter}：${p.reason === 'not_a_timestamp' ? '不是含時區的 RFC 3339 時間（如 2026-03-01T08:00:00Z）' : p.reason === 'not_a_cursor' ? '不是本伺服器給出的 next 值' : p.reason === 'not_a_version' ? '不是 first、last、all 或 RFC 3339 時間' : '不正確'}`,
  'taxii.server_error': () => '伺服器錯誤',
  'taxii.server_error_how': (p) => `伺服器無法回應；請求 ${p.requestId} 已記錄於日誌`,
  'indicators.not_security_incident': () => '只有資安事件單才有可發布的攻擊來源',
  'indicators.not_in_evidence': (p) => `${p.value} 不是此事件單佐證中的來源位址`,
  'indicators.timeline_published': (p) =>
    `已將攻擊來源 ${p.value} 發布為指標 ${p.id}（TLP:${TLP_LABEL[p.tlp] ?? p.tlp}），${p.group ? `分享給群組「${p.group}」` : '未指定分享群組'}`,
}
