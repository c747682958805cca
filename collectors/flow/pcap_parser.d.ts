// pcap-parser 0.2 ships no types: the part we use.
declare module 'pcap-parser' {
  import type { EventEmitter } from 'node:events'
  import type { Readable } from 'node:stream'
  export interface PcapGlobalHeader {
    magicNumber: number
    majorVersion: number
    minorVersion: number
    snapshotLength: number
    linkLayerType: number
  }
  export interface PcapPacketHeader {
    timestampSeconds: number
    timestampMicroseconds: number
    capturedLength: number
    originalLength: number
  }
  export function parse(input: string | Readable): EventEmitter
}
