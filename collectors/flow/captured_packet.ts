/** One frame out of a capture file, whatever the file format. */
export interface CapturedPacket {
  /** Capture time, microseconds since the Unix epoch. */
  timeUs: number
  /** Link-layer header type (LINKTYPE_*, as in pcap and pcapng interface blocks). */
  linktype: number
  /** The frame's length on the wire (may exceed data.length when the capture cut it). */
  wireLength: number
  data: Buffer
}

export interface CaptureReadStats {
  format: 'pcap' | 'pcapng' | 'unknown'
  packets: number
  /** Records or blocks that could not be read (bad lengths, cut short, unreadable headers). */
  damaged: number
  linktypes: number[]
}

export type PacketSink = (packet: CapturedPacket) => void
