/** IPv4 and IPv6 addresses from wire bytes to text (IPv6 in RFC 5952's compressed form). */

export function ipv4At(buf: Uint8Array, at: number): string {
  return `${buf[at]}.${buf[at + 1]}.${buf[at + 2]}.${buf[at + 3]}`
}

export function ipv6At(buf: Uint8Array, at: number): string {
  const groups: number[] = []
  for (let i = 0; i < 16; i += 2) groups.push((buf[at + i] << 8) | buf[at + i + 1])
  // The longest run of two or more zero groups becomes "::" (the first one on a tie).
  let bestStart = -1
  let bestLength = 1
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++
      continue
    }
    let j = i
    while (j < 8 && groups[j] === 0) j++
    if (j - i > bestLength) {
      bestStart = i
      bestLength = j - i
    }
    i = j
  }
  const hex = (from: number, to: number) => groups.slice(from, to).map((g) => g.toString(16)).join(':')
  if (bestStart === -1) {
    // RFC 5952 keeps the dotted form for IPv4-mapped addresses.
    return hex(0, 8)
  }
  if (bestStart === 0 && bestLength === 5 && groups[5] === 0xffff) return `::ffff:${ipv4At(buf, at + 12)}`
  return `${hex(0, bestStart)}::${hex(bestStart + bestLength, 8)}`
}

export function addressAt(buf: Uint8Array, at: number, length: 4 | 16): string {
  return length === 4 ? ipv4At(buf, at) : ipv6At(buf, at)
}
