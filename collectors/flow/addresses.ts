/** IPv4 and IPv6 addresses from wire bytes to text (IPv6 in RFC 5952's compressed form). */

export function ipv4At(buf: Uint8Array, at: number): string {
  return `${buf[at]}.${buf[at + 1]}.${buf[at + 2]}.${buf[at + 3]}`
}

export function ipv6At(buf: Uint8Array, at: number): string {
  const groups: number[] = []
  for (let i = 0; i < 16; i += 2) groups.push((buf[at + i] << 8) | buf[at + i + 1])
  return ipv6Text(groups)
}

/** Eight 16-bit groups as RFC 5952 text. */
export function ipv6Text(groups: number[]): string {
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
  if (bestStart === -1) return hex(0, 8)
  // RFC 5952 keeps the dotted form for IPv4-mapped addresses.
  if (bestStart === 0 && bestLength === 5 && groups[5] === 0xffff) {
    return `::ffff:${groups[6] >> 8}.${groups[6] & 255}.${groups[7] >> 8}.${groups[7] & 255}`
  }
  return `${hex(0, bestStart)}::${hex(bestStart + bestLength, 8)}`
}

export function addressAt(buf: Uint8Array, at: number, length: 4 | 16): string {
  return length === 4 ? ipv4At(buf, at) : ipv6At(buf, at)
}
