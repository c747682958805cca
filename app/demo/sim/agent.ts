import snmp, { type Agent, type MibRequest, type Rinfo, type Varbind } from 'net-snmp'
import { closeSockets, guardDatagrams, whenListening } from '#collectors/snmp/listeners'
import { normaliseCredentials, usmUser } from '#collectors/snmp/session'
import type { InterfaceReading, SimDevice } from '#app/demo/sim/model'
import { counter32, counter64Bytes } from '#app/demo/sim/traffic'
import { FLASH_UNIT_BYTES, FLASH_UNITS, type SimHealthReading } from '#app/demo/sim/health'

/**
 * One simulated device on the wire: an SNMP agent made with net-snmp's agent support, bound to
 * the device's management address, answering SNMPv2-MIB system scalars and IF-MIB
 * ifTable/ifXTable for its interfaces. Values that move (sysUpTime, status, counters) are
 * computed from the device model at the moment each request is answered, in the providers'
 * handlers; the MIB tree only holds the rows and the values that never change.
 */

const SYSTEM = '1.3.6.1.2.1.1'
const IF_NUMBER = '1.3.6.1.2.1.2.1'
const IF_ENTRY = '1.3.6.1.2.1.2.2.1'
const IFX_ENTRY = '1.3.6.1.2.1.31.1.1.1'
const HR = '1.3.6.1.2.1.25'
const UCD = '1.3.6.1.4.1.2021'
const ENT_PHYSICAL_ENTRY = '1.3.6.1.2.1.47.1.1.1.1'
const ENT_SENSOR_ENTRY = '1.3.6.1.2.1.99.1.1.1'
/** hrDeviceIndex of the first processor, and entPhysicalIndex of the first temperature sensor. */
const FIRST_CPU = 768
const FIRST_SENSOR = 1001
/** An answer to a GETBULK stops here, whatever was asked for (about 35 kB of varbinds). */
export const MAX_BULK_VARBINDS = 1000

const T = snmp.ObjectType
const RO = snmp.MaxAccess['read-only']

// Column number → [name, type] of the IF-MIB columns served.
const IF_COLUMNS: Array<[number, string, number]> = [
  [1, 'ifIndex', T.Integer],
  [2, 'ifDescr', T.OctetString],
  [3, 'ifType', T.Integer],
  [4, 'ifMtu', T.Integer],
  [5, 'ifSpeed', T.Gauge],
  [7, 'ifAdminStatus', T.Integer],
  [8, 'ifOperStatus', T.Integer],
  [9, 'ifLastChange', T.TimeTicks],
  [10, 'ifInOctets', T.Counter],
  [13, 'ifInDiscards', T.Counter],
  [14, 'ifInErrors', T.Counter],
  [16, 'ifOutOctets', T.Counter],
  [19, 'ifOutDiscards', T.Counter],
  [20, 'ifOutErrors', T.Counter],
]
const IFX_COLUMNS: Array<[number, string, number]> = [
  [1, 'ifName', T.OctetString],
  [6, 'ifHCInOctets', T.Counter64],
  [10, 'ifHCOutOctets', T.Counter64],
  [15, 'ifHighSpeed', T.Gauge],
  [18, 'ifAlias', T.OctetString],
  [19, 'ifCounterDiscontinuityTime', T.TimeTicks],
]

export interface SimAgentStats {
  /** Datagrams that reached the agent while it was answering. */
  requests: number
  /** Datagrams ignored because the device was silent (unreachable or rebooting). */
  ignored: number
  /** Requests refused: unknown community or user, wrong keys, undecodable. */
  refused: number
}

export interface SimAgentOptions {
  /** Where to listen; default the device's own address and port. */
  address?: string
  port?: number
  /** Milliseconds since the epoch; tests move time with it. */
  clock?: () => number
  /** Called for requests the agent refuses (wrong community, bad keys, garbage). */
  onRefused?: (device: string, reason: string, from: Rinfo | undefined) => void
}

export class SimAgent {
  readonly device: SimDevice
  readonly address: string
  readonly port: number
  readonly stats: SimAgentStats = { requests: 0, ignored: 0, refused: 0 }
  #agent: Agent
  #clock: () => number
  #cache = new Map<number, { second: number; reading: InterfaceReading | null }>()
  #health: { second: number; reading: SimHealthReading } | null = null
  #closed = false

  private constructor(device: SimDevice, agent: Agent, address: string, port: number, clock: () => number) {
    this.device = device
    this.#agent = agent
    this.address = address
    this.port = port
    this.#clock = clock
  }

  /** Starts the agent and resolves once it listens (rejects if the address cannot be bound). */
  static async start(device: SimDevice, options: SimAgentOptions = {}): Promise<SimAgent> {
    const address = options.address ?? device.address
    const port = options.port ?? device.port
    const clock = options.clock ?? Date.now
    let self: SimAgent | null = null
    const agent = snmp.createAgent(
      { address, port, engineID: device.engineId, disableAuthorization: false, transport: 'udp4' },
      (error) => {
        if (!error || !self) return
        self.stats.refused++
        options.onRefused?.(device.hostname, error.message, error.rinfo)
      }
    )
    self = new SimAgent(device, agent, address, port, clock)
    try {
      self.#configure(options)
      await whenListening(agent.listener, `${device.hostname}: cannot listen on ${address}:${port}`)
    } catch (error) {
      self.close()
      throw error
    }
    return self
  }

  #configure(options: SimAgentOptions) {
    const device = this.device
    const authorizer = this.#agent.getAuthorizer()
    const credentials = normaliseCredentials(device.credentials)
    if (credentials.version === '2c') authorizer.addCommunity(credentials.community)
    else authorizer.addUser(usmUser(credentials))

    const mib = this.#agent.getMib()
    const scalar = (name: string, oid: string, type: number, value: unknown, handler?: (r: MibRequest) => void) => {
      mib.registerProvider({ name, type: snmp.MibProviderType.Scalar, oid, scalarType: type, maxAccess: RO, handler })
      mib.setScalarValue(name, value)
    }
    scalar('sysDescr', `${SYSTEM}.1`, T.OctetString, device.sysDescr)
    scalar('sysObjectID', `${SYSTEM}.2`, T.OID, device.sysObjectId)
    scalar('sysUpTime', `${SYSTEM}.3`, T.TimeTicks, 0, (request) => {
      request.instanceNode.value = device.upTimeAt(this.#clock())
      request.done()
    })
    scalar('sysContact', `${SYSTEM}.4`, T.OctetString, device.sysContact)
    scalar('sysName', `${SYSTEM}.5`, T.OctetString, device.hostname)
    scalar('sysLocation', `${SYSTEM}.6`, T.OctetString, device.sysLocation)
    // Layers 2 and 3 (bridge and router): 2 + 4.
    scalar('sysServices', `${SYSTEM}.7`, T.Integer, 6)
    scalar('ifNumber', IF_NUMBER, T.Integer, device.interfaces.size)

    const columns = (list: Array<[number, string, number]>) => list.map(([number, name, type]) => ({ number, name, type, maxAccess: RO }))
    mib.registerProvider({
      name: 'ifEntry',
      type: snmp.MibProviderType.Table,
      oid: IF_ENTRY,
      maxAccess: snmp.MaxAccess['not-accessible'],
      tableColumns: columns(IF_COLUMNS),
      tableIndex: [{ columnName: 'ifIndex' }],
      handler: (request) => this.#answer(request, false),
    })
    mib.registerProvider({
      name: 'ifXEntry',
      type: snmp.MibProviderType.Table,
      oid: IFX_ENTRY,
      maxAccess: snmp.MaxAccess['not-accessible'],
      tableColumns: columns(IFX_COLUMNS),
      tableAugments: 'ifEntry',
      handler: (request) => this.#answer(request, true),
    })
    this.#registerHealth(mib, scalar)

    // After each varbind net-snmp looks up the whole row twice, only to attach it to the event its
    // agent callback receives, which we do not read. Each lookup lists the keys of every column
    // (one per row), so on a 180-port switch that was 80% of the simulator's CPU; this MIB
    // answers that question with "no row" and nothing else asks it.
    ;(mib as unknown as { getTableRowCells: () => null }).getTableRowCells = () => null
    const zero64 = Buffer.alloc(8)
    for (const i of device.interfaces.values()) {
      mib.addTableRow('ifEntry', [i.ifIndex, i.descr, i.type, i.mtu, i.ifSpeed, 1, 1, 0, 0, 0, 0, 0, 0, 0])
      // An augmenting table's row starts with the index of the row it augments.
      mib.addTableRow('ifXEntry', [i.ifIndex, i.name, zero64, zero64, i.ifHighSpeed, i.alias, 0])
    }

    // net-snmp's agent counts max-repetitions as varbinds in all, so a GETBULK for 14 columns with
    // max-repetitions 14 returns one row where RFC 3416 (4.2.3) asks for 14. Collectors tuned on
    // real agents would need ten times the round trips here; answered as the RFC counts instead.
    const agent = this.#agent
    agent.getBulkRequest = function (socket, message, rinfo) {
      const pdu = message.pdu
      const asked = pdu.varbinds
      const nonRepeaters = Math.min(Math.max(0, pdu.nonRepeaters | 0), asked.length)
      const repetitions = Math.max(0, pdu.maxRepetitions | 0)
      const answer: Varbind[] = []
      for (let n = 0; n < nonRepeaters; n++) agent.addGetNextVarbind(answer, asked[n].oid)
      const cursors = asked.slice(nonRepeaters).map((v) => v.oid)
      fill: for (let r = 0; r < repetitions && cursors.length > 0; r++) {
        let advanced = false
        for (let j = 0; j < cursors.length; j++) {
          if (answer.length >= MAX_BULK_VARBINDS) break fill
          const next = agent.addGetNextVarbind(answer, cursors[j])
          if (next) {
            cursors[j] = next.oid
            advanced = true
          }
        }
        if (!advanced) break
      }
      pdu.varbinds = answer
      agent.request(socket, message, rinfo)
    }

    // Every datagram passes here first: a silent device drops it as an unreachable one would, and
    // nothing a request does may take the simulator down.
    guardDatagrams(agent.listener, {
      before: () => {
        if (this.device.silentAt(Math.floor(this.#clock() / 1000))) {
          this.stats.ignored++
          return false
        }
        this.stats.requests++
      },
      onThrow: (error, rinfo) => {
        this.stats.refused++
        options.onRefused?.(device.hostname, `request failed: ${(error as Error)?.message ?? error}`, rinfo)
      },
    })
  }

  /**
   * HOST-RESOURCES-MIB (uptime, storage, processors), UCD-SNMP-MIB (memory, load, ssCpuRaw) and
   * ENTITY-SENSOR-MIB (two temperature sensors), answered from the device's health curves
   * (health.ts) at the moment of each request, as the interface counters are.
   */
  #registerHealth(mib: ReturnType<Agent['getMib']>, scalar: (name: string, oid: string, type: number, value: unknown, handler?: (r: MibRequest) => void) => void) {
    const device = this.device
    const dynamic = (pick: (r: SimHealthReading) => number) => (request: MibRequest) => {
      request.instanceNode.value = pick(this.#healthReading())
      request.done()
    }
    scalar('hrSystemUptime', `${HR}.1.1`, T.TimeTicks, 0, (request) => {
      request.instanceNode.value = device.upTimeAt(this.#clock())
      request.done()
    })
    scalar('memTotalReal', `${UCD}.4.5`, T.Integer, device.health.memoryKb)
    scalar('memAvailReal', `${UCD}.4.6`, T.Integer, 0, dynamic((r) => r.memAvailKb))
    scalar('ssCpuRawUser', `${UCD}.11.50`, T.Counter, 0, dynamic((r) => r.ticks.user))
    scalar('ssCpuRawNice', `${UCD}.11.51`, T.Counter, 0, dynamic((r) => r.ticks.nice))
    scalar('ssCpuRawSystem', `${UCD}.11.52`, T.Counter, 0, dynamic((r) => r.ticks.system))
    scalar('ssCpuRawIdle', `${UCD}.11.53`, T.Counter, 0, dynamic((r) => r.ticks.idle))
    scalar('ssCpuRawWait', `${UCD}.11.54`, T.Counter, 0, dynamic((r) => r.ticks.wait))

    const table = (name: string, oid: string, list: Array<[number, string, number]>, index: { columnName: string; foreign?: string }, handler?: (r: MibRequest) => void) =>
      mib.registerProvider({
        name,
        type: snmp.MibProviderType.Table,
        oid,
        maxAccess: snmp.MaxAccess['not-accessible'],
        tableColumns: list.map(([number, columnName, type]) => ({ number, name: columnName, type, maxAccess: RO })),
        tableIndex: [index],
        handler: handler ?? ((request) => request.done()),
      })
    const cell = (request: MibRequest, value: (column: number, index: number, r: SimHealthReading) => unknown) => {
      try {
        const address = request.address
        const v = value(address[address.length - 2], address[address.length - 1], this.#healthReading())
        if (v !== undefined) request.instanceNode.value = v
        request.done()
      } catch {
        request.done({ errorStatus: snmp.ErrorStatus.GeneralError })
      }
    }

    table('hrStorageEntry', `${HR}.2.3.1`, [
      [1, 'hrStorageIndex', T.Integer],
      [2, 'hrStorageType', T.OID],
      [3, 'hrStorageDescr', T.OctetString],
      [4, 'hrStorageAllocationUnits', T.Integer],
      [5, 'hrStorageSize', T.Integer],
      [6, 'hrStorageUsed', T.Integer],
    ], { columnName: 'hrStorageIndex' }, (request) =>
      cell(request, (column, index, r) => (column === 6 ? (index === 1 ? r.memTotalKb - r.memAvailKb : r.flashUsedUnits) : undefined))
    )
    mib.addTableRow('hrStorageEntry', [1, `${HR}.2.1.2`, 'Physical memory', 1024, device.health.memoryKb, 0])
    mib.addTableRow('hrStorageEntry', [31, `${HR}.2.1.9`, 'flash:', FLASH_UNIT_BYTES, FLASH_UNITS, 0])

    table('hrDeviceEntry', `${HR}.3.2.1`, [
      [1, 'hrDeviceIndex', T.Integer],
      [2, 'hrDeviceType', T.OID],
      [3, 'hrDeviceDescr', T.OctetString],
    ], { columnName: 'hrDeviceIndex' })
    table('hrProcessorEntry', `${HR}.3.3.1`, [
      [1, 'hrProcessorFrwID', T.OID],
      [2, 'hrProcessorLoad', T.Integer],
    ], { columnName: 'hrDeviceIndex', foreign: 'hrDeviceEntry' }, (request) =>
      cell(request, (column, index, r) => (column === 2 ? (r.processorLoads[index - FIRST_CPU] ?? 0) : undefined))
    )
    for (let core = 0; core < device.health.cores; core++) {
      mib.addTableRow('hrDeviceEntry', [FIRST_CPU + core, `${HR}.3.1.3`, `CPU ${core}`])
      mib.addTableRow('hrProcessorEntry', [FIRST_CPU + core, '0.0', 0])
    }

    table('laEntry', `${UCD}.10.1`, [
      [1, 'laIndex', T.Integer],
      [2, 'laNames', T.OctetString],
      [3, 'laLoad', T.OctetString],
      [5, 'laLoadInt', T.Integer],
    ], { columnName: 'laIndex' }, (request) =>
      cell(request, (column, _index, r) => (column === 3 ? r.load1.toFixed(2) : column === 5 ? Math.round(r.load1 * 100) : undefined))
    )
    mib.addTableRow('laEntry', [1, 'Load-1', '0.00', 0])

    table('entPhysicalEntry', ENT_PHYSICAL_ENTRY, [
      [1, 'entPhysicalIndex', T.Integer],
      [2, 'entPhysicalDescr', T.OctetString],
    ], { columnName: 'entPhysicalIndex' })
    // celsius(8), scale units(9), precision 1: tenths of a degree; operStatus ok(1).
    table('entPhySensorEntry', ENT_SENSOR_ENTRY, [
      [1, 'entPhySensorType', T.Integer],
      [2, 'entPhySensorScale', T.Integer],
      [3, 'entPhySensorPrecision', T.Integer],
      [4, 'entPhySensorValue', T.Integer],
      [5, 'entPhySensorOperStatus', T.Integer],
    ], { columnName: 'entPhysicalIndex', foreign: 'entPhysicalEntry' }, (request) =>
      cell(request, (column, index, r) => (column === 4 ? Math.round((r.temperatures[index - FIRST_SENSOR] ?? 0) * 10) : undefined))
    )
    for (const [i, descr] of ['Inlet temperature', 'CPU temperature'].entries()) {
      mib.addTableRow('entPhysicalEntry', [FIRST_SENSOR + i, descr])
      mib.addTableRow('entPhySensorEntry', [FIRST_SENSOR + i, 8, 9, 1, 0, 1])
    }
  }

  #healthReading(): SimHealthReading {
    const now = this.#clock()
    const second = Math.floor(now / 1000)
    if (this.#health?.second === second) return this.#health.reading
    const reading = this.device.health.readingAt(second, this.device.bootAt(second))
    this.#health = { second, reading }
    return reading
  }

  #reading(ifIndex: number): InterfaceReading | null {
    const second = Math.floor(this.#clock() / 1000)
    const cached = this.#cache.get(ifIndex)
    if (cached && cached.second === second) return cached.reading
    const reading = this.device.reading(ifIndex, second)
    this.#cache.set(ifIndex, { second, reading })
    return reading
  }

  /** Fills in the moving columns of a row at the moment of the request. */
  #answer(request: MibRequest, extended: boolean) {
    try {
      const address = request.address
      const column = address[address.length - 2]
      const ifIndex = address[address.length - 1]
      const r = this.#reading(ifIndex)
      if (r) {
        const node = request.instanceNode
        if (extended) {
          if (column === 6) node.value = counter64Bytes(r.inOctets)
          else if (column === 10) node.value = counter64Bytes(r.outOctets)
        } else {
          switch (column) {
            case 7:
              node.value = r.adminStatus
              break
            case 8:
              node.value = r.operStatus
              break
            case 9:
              node.value = r.lastChange
              break
            case 10:
              node.value = counter32(r.inOctets)
              break
            case 13:
              node.value = r.inDiscards
              break
            case 14:
              node.value = r.inErrors
              break
            case 16:
              node.value = counter32(r.outOctets)
              break
            case 19:
              node.value = r.outDiscards
              break
            case 20:
              node.value = r.outErrors
              break
          }
        }
      }
      request.done()
    } catch {
      request.done({ errorStatus: snmp.ErrorStatus.GeneralError })
    }
  }

  get closed() {
    return this.#closed
  }

  close(): Promise<void> {
    if (this.#closed) return Promise.resolve()
    this.#closed = true
    return closeSockets(this.#agent.listener)
  }
}
