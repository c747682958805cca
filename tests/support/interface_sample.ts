import type { InterfaceSample } from '#collectors/snmp/interfaces'

/** One IF-MIB row as the collector reads it: a gigabit port, up, counters at zero, unless told otherwise. */
export function interfaceSample(attrs: Partial<InterfaceSample> = {}): InterfaceSample {
  const ifIndex = attrs.ifIndex ?? 1
  return {
    ifIndex,
    name: `ge-0/0/${ifIndex}`,
    descr: `GigabitEthernet0/0/${ifIndex}`,
    alias: null,
    adminStatus: 1,
    operStatus: 1,
    speed: 1_000_000_000,
    highSpeed: 1000,
    inOctets: 0n,
    outOctets: 0n,
    octetBits: 64,
    inErrors: 0,
    outErrors: 0,
    inDiscards: 0,
    outDiscards: 0,
    counterDiscontinuityTime: 0,
    ...attrs,
  }
}
