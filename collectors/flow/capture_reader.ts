/** Opens a capture file, tells pcap from pcapng by its first bytes, and reads every packet. */
import { createReadStream } from 'node:fs'
import { open } from 'node:fs/promises'
import type { CaptureReadStats, PacketSink } from './captured_packet.js'
import { PcapngParser } from './pcapng_reader.js'
import { pcapHeader, readPcap } from './pcap_reader.js'

export async function readCapture(path: string, sink: PacketSink): Promise<CaptureReadStats> {
  const head = Buffer.alloc(24)
  const handle = await open(path)
  const { bytesRead } = await handle.read(head, 0, 24, 0).finally(() => handle.close())
  if (bytesRead >= 4 && head.readUInt32LE(0) === 0x0a0d0d0a) {
    const parser = new PcapngParser(sink)
    for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) parser.push(chunk as Buffer)
    parser.end()
    return { format: 'pcapng', packets: parser.packets, damaged: parser.damaged, linktypes: [...parser.linktypes] }
  }
  const header = pcapHeader(head.subarray(0, bytesRead))
  if (!header) return { format: 'unknown', packets: 0, damaged: 1, linktypes: [] }
  const { packets, damaged } = await readPcap(path, header, sink)
  return { format: 'pcap', packets, damaged, linktypes: [header.linktype] }
}
