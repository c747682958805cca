/** A file's size as people read it: bytes, KB or MB with one decimal (1 KB = 1,024 bytes). */
export function formatSize(bytes: number) {
  if (bytes >= 1 << 20) return `${(bytes / (1 << 20)).toFixed(1)} MB`
  if (bytes >= 1 << 10) return `${(bytes / (1 << 10)).toFixed(1)} KB`
  return `${bytes} B`
}
