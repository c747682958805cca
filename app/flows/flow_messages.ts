/**
 * What the flow queries and the agency prefixes answer when they refuse a value, in each
 * language (merged into app/core/messages.ts).
 */
export const flowMessagesEn = {
  'flows.address': () => 'must be an IPv4 or IPv6 address or a CIDR prefix (10.1.0.0/16, 2001:db8::/32)',
  'flows.prefix': () => 'must be an IPv4 or IPv6 CIDR prefix (10.1.0.0/16, 2001:db8::/32)',
  'flows.prefix_host_bits': (p: { network: string }) => `the prefix has bits set after its length: write ${p.network}`,
  'flows.range_order': () => 'from must come before to',
  'flows.range_too_long': (p: { days: number }) => `the time range may cover at most ${p.days} days`,
}

export const flowMessagesZh: typeof flowMessagesEn = {
  'flows.address': () => '須為 IPv4 或 IPv6 位址，或 CIDR 網段（如 10.1.0.0/16、2001:db8::/32）',
  'flows.prefix': () => '須為 IPv4 或 IPv6 CIDR 網段（如 10.1.0.0/16、2001:db8::/32）',
  'flows.prefix_host_bits': (p) => `網段長度之後仍有位元為 1，請寫成 ${p.network}`,
  'flows.range_order': () => '起始時間須早於結束時間',
  'flows.range_too_long': (p) => `時間範圍最多 ${p.days} 天`,
}
