import { createSocket, type Socket } from 'node:dgram'
import { randomBytes } from 'node:crypto'
import { IF_COLUMNS, IF_COLUMNS_32 } from '#collectors/snmp/interfaces'

const COLUMN_BASES: string[] = [...Object.values(IF_COLUMNS), ...Object.values(IF_COLUMNS_32)]

/**
 * Misbehaving SNMPv2c agents for tests: small UDP servers on 127.0.0.1 that answer with garbage,
 * loop, never end, or send values no agent should. Just enough BER to read a request and write a
 * response; nothing here is meant to be a real agent.
 */

const TAG = {
  integer: 0x02,
  octetString: 0x04,
  null: 0x05,
  oid: 0x06,
  sequence: 0x30,
  getResponse: 0xa2,
  counter32: 0x41,
  timeTicks: 0x43,
  counter64: 0x46,
} as const

function length(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n])
  const bytes: number[] = []
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff)
  return Buffer.from([0x80 | bytes.length, ...bytes])
}

export function tlv(tag: number, content: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), length(content.length), content])
}

function unsigned(n: number | bigint): Buffer {
  let v = BigInt(n)
  const bytes: number[] = []
  do {
    bytes.unshift(Number(v & 0xffn))
    v >>= 8n
  } while (v > 0n)
  if (bytes[0] & 0x80) bytes.unshift(0)
  return Buffer.from(bytes)
}

export const ber = {
  integer: (n: number) => tlv(TAG.integer, unsigned(n)),
  octetString: (s: string | Buffer) => tlv(TAG.octetString, Buffer.isBuffer(s) ? s : Buffer.from(s)),
  timeTicks: (n: number) => tlv(TAG.timeTicks, unsigned(n)),
  counter32: (n: number) => tlv(TAG.counter32, unsigned(n)),
  counter64: (n: bigint) => tlv(TAG.counter64, unsigned(n)),
  /** A Counter64 whose content is whatever bytes we like, even more than 64 bits. */
  counter64Raw: (content: Buffer) => tlv(TAG.counter64, content),
  oid(text: string): Buffer {
    const arcs = text.split('.').map(Number)
    const out: number[] = [arcs[0] * 40 + arcs[1]]
    for (const arc of arcs.slice(2)) {
      const chunk: number[] = []
      let v = arc
      do {
        chunk.unshift(v & 0x7f)
        v = Math.floor(v / 128)
      } while (v > 0)
      for (let i = 0; i < chunk.length - 1; i++) chunk[i] |= 0x80
      out.push(...chunk)
    }
    return tlv(TAG.oid, Buffer.from(out))
  },
}

interface Node {
  tag: number
  content: Buffer
}

function readNodes(buf: Buffer): Node[] {
  const nodes: Node[] = []
  let at = 0
  while (at < buf.length) {
    const tag = buf[at++]
    let len = buf[at++]
    if (len & 0x80) {
      const n = len & 0x7f
      len = 0
      for (let i = 0; i < n; i++) len = len * 256 + buf[at++]
    }
    nodes.push({ tag, content: buf.subarray(at, at + len) })
    at += len
  }
  return nodes
}

function readInt(content: Buffer): number {
  let v = content[0] & 0x80 ? -1 : 0
  for (const b of content) v = v * 256 + b
  return v
}

function readOid(content: Buffer): string {
  const arcs = [Math.floor(content[0] / 40), content[0] % 40]
  let v = 0
  for (const b of content.subarray(1)) {
    v = v * 128 + (b & 0x7f)
    if (!(b & 0x80)) {
      arcs.push(v)
      v = 0
    }
  }
  return arcs.join('.')
}

export interface AgentRequest {
  community: string
  pduType: number
  requestId: number
  /** For GETBULK: non-repeaters; otherwise the error status field. */
  nonRepeaters: number
  /** For GETBULK: max-repetitions; otherwise the error index field. */
  maxRepetitions: number
  oids: string[]
}

export function parseRequest(datagram: Buffer): AgentRequest {
  const [message] = readNodes(datagram)
  const [, community, pdu] = readNodes(message.content)
  const [reqId, field1, field2, varbindList] = readNodes(pdu.content)
  const oids = readNodes(varbindList.content).map((vb) => readOid(readNodes(vb.content)[0].content))
  return {
    community: community.content.toString(),
    pduType: pdu.tag,
    requestId: readInt(reqId.content),
    nonRepeaters: readInt(field1.content),
    maxRepetitions: readInt(field2.content),
    oids,
  }
}

export function response(request: AgentRequest, varbinds: Array<[string, Buffer]>, errorStatus = 0, errorIndex = 0): Buffer {
  const list = tlv(TAG.sequence, Buffer.concat(varbinds.map(([oid, value]) => tlv(TAG.sequence, Buffer.concat([ber.oid(oid), value])))))
  const pdu = tlv(
    TAG.getResponse,
    Buffer.concat([ber.integer(request.requestId), ber.integer(errorStatus), ber.integer(errorIndex), list])
  )
  return tlv(TAG.sequence, Buffer.concat([ber.integer(1), ber.octetString(request.community), pdu]))
}

export type Behaviour = (request: AgentRequest, datagram: Buffer) => Buffer | null

export interface HostileAgent {
  port: number
  requests: AgentRequest[]
  close(): Promise<void>
}

/** Starts a UDP "agent" on 127.0.0.1 that answers every datagram as the behaviour says. */
export async function startHostileAgent(behaviour: Behaviour): Promise<HostileAgent> {
  const socket: Socket = createSocket('udp4')
  const requests: AgentRequest[] = []
  socket.on('message', (datagram, from) => {
    let request: AgentRequest | null = null
    try {
      request = parseRequest(datagram)
      requests.push(request)
    } catch {
      // Not something we can read: the behaviour still gets a say below.
    }
    const answer = behaviour(request ?? ({} as AgentRequest), datagram)
    if (answer) socket.send(answer, from.port, from.address)
  })
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve))
  return {
    port: socket.address().port,
    requests,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  }
}

/** A port on 127.0.0.1 that nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const socket = createSocket('udp4')
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve))
  const { port } = socket.address()
  await new Promise<void>((resolve) => socket.close(() => resolve()))
  return port
}

export const behaviours = {
  /** Random bytes: not even BER. */
  garbage: (): Behaviour => () => randomBytes(64),
  /** Gives each column's first row, then answers with the very OID it was asked for: stuck. */
  stuck: (): Behaviour => (request) =>
    response(
      request,
      request.oids.map((oid) => [COLUMN_BASES.includes(oid) ? `${oid}.1` : oid, ber.integer(1)])
    ),
  /** A table that never ends: every GETBULK gets full rows with ever larger indexes. */
  endless: (): Behaviour => (request) => {
    const out: Array<[string, Buffer]> = []
    for (const oid of request.oids.slice(0, request.nonRepeaters)) out.push([`${oid}.0`, ber.timeTicks(12345)])
    const columns = request.oids.slice(request.nonRepeaters).map((oid) => {
      const base = COLUMN_BASES.find((b) => oid === b || oid.startsWith(b + '.'))
      if (!base) return { base: oid, index: 0 }
      return { base, index: oid === base ? 0 : Number(oid.slice(base.length + 1)) }
    })
    for (let r = 1; r <= request.maxRepetitions; r++) {
      for (const c of columns) out.push([`${c.base}.${c.index + r}`, ber.counter64(BigInt(c.index + r))])
    }
    return response(request, out)
  },
  /** Answers GETs with Counter64 values 72 bits wide. */
  wideCounter: (): Behaviour => (request) =>
    response(
      request,
      request.oids.map((oid) => [oid, ber.counter64Raw(Buffer.from('010000000000000000', 'hex'))])
    ),
  /** Always "tooBig", however little is asked. */
  tooBig: (): Behaviour => (request) => response(request, request.oids.map((oid) => [oid, tlv(TAG.null, Buffer.alloc(0))]), 1, 0),
}
