/**
 * How the simulated devices describe themselves: sysDescr, sysObjectID, engine IDs and interface
 * names in each vendor's own style, so discovery and the device page look like the real fleet.
 */

export type Vendor = 'cisco' | 'juniper' | 'arista' | 'fortinet' | 'paloalto' | 'other'

/** IANA private enterprise numbers: sysObjectID and SNMPv3 engine IDs start from them. */
const ENTERPRISE: Record<Vendor, number> = {
  cisco: 9,
  juniper: 2636,
  arista: 30065,
  fortinet: 12356,
  paloalto: 25461,
  other: 8072,
}

export function vendorOf(name: string | null): Vendor {
  const v = (name ?? '').toLowerCase()
  if (v.includes('cisco')) return 'cisco'
  if (v.includes('juniper')) return 'juniper'
  if (v.includes('arista')) return 'arista'
  if (v.includes('fortinet') || v.includes('fortigate')) return 'fortinet'
  if (v.includes('palo alto')) return 'paloalto'
  return 'other'
}

export function sysObjectId(vendor: Vendor): string {
  return `1.3.6.1.4.1.${ENTERPRISE[vendor]}.1.${vendor === 'other' ? 1 : 2000}`
}

export function sysDescr(vendor: Vendor, kind: string, model: string | null): string {
  const m = model ?? kind
  switch (vendor) {
    case 'cisco':
      return m.includes('9901') || m.includes('9000')
        ? `Cisco IOS XR Software (${m}), Version 7.9.2 Copyright (c) 2013-2024 by Cisco Systems, Inc.`
        : `Cisco IOS Software [Cupertino], ${m} Software, Version 17.9.5, RELEASE SOFTWARE (fc1)`
    case 'juniper':
      return `Juniper Networks, Inc. ${m.toLowerCase()} ${kind === 'switch' ? 'Ethernet Switch' : 'internet router'}, kernel JUNOS 23.4R2-S3.9`
    case 'arista':
      return `Arista Networks EOS version 4.32.2F running on an Arista Networks DCS-${m.replace(/^DCS-/, '')}`
    case 'fortinet':
      return `${m.replace(/^FortiGate /, 'FortiGate-')} v7.4.4,build2662,240514 (GA.F)`
    case 'paloalto':
      return `Palo Alto Networks ${m} series firewall`
    default:
      return `${m} (GSN simulated ${kind})`
  }
}

/**
 * An SNMPv3 engine ID in the RFC 3411 text format (enterprise with the top bit set, format 4,
 * then up to 27 bytes of text). Derived from the hostname: stable across restarts of the
 * simulator, different for every device.
 */
export function engineIdFor(vendor: Vendor, hostname: string): string {
  const enterprise = (0x80000000 | ENTERPRISE[vendor]) >>> 0
  return enterprise.toString(16).padStart(8, '0') + '04' + Buffer.from(hostname.slice(0, 27), 'utf8').toString('hex')
}

export interface InterfaceNames {
  /** ifDescr */
  descr: string
  /** ifName: the short form operators type. */
  name: string
}

/**
 * Interface names as the vendor's CLI shows them. Line ports on aggregation switches are
 * numbered across stack members or line cards of 48 ports.
 */
export function interfaceNames(vendor: Vendor, kind: string, role: string, ifIndex: number, speedBps: number): InterfaceNames {
  if (role === 'management') {
    const byVendor: Record<Vendor, InterfaceNames> = {
      cisco: { descr: 'GigabitEthernet0', name: 'Gi0' },
      juniper: { descr: 'fxp0', name: 'fxp0' },
      arista: { descr: 'Management1', name: 'Ma1' },
      fortinet: { descr: 'mgmt', name: 'mgmt' },
      paloalto: { descr: 'mgmt', name: 'mgmt' },
      other: { descr: 'mgmt0', name: 'mgmt0' },
    }
    return byVendor[vendor]
  }
  const n = ifIndex - 1
  const member = 1 + Math.floor(n / 48)
  const port = 1 + (n % 48)
  const fast = speedBps > 1e9
  switch (vendor) {
    case 'cisco':
      if (kind === 'router') return fast ? { descr: `TenGigabitEthernet0/0/${n}`, name: `Te0/0/${n}` } : { descr: `GigabitEthernet0/0/${n}`, name: `Gi0/0/${n}` }
      return { descr: `GigabitEthernet${member}/0/${port}`, name: `Gi${member}/0/${port}` }
    case 'juniper': {
      const name = kind === 'router' ? `${fast ? 'xe' : 'ge'}-0/0/${n}` : `ge-${member - 1}/0/${port - 1}`
      return { descr: name, name }
    }
    case 'arista':
      return { descr: `Ethernet${member}/${port}`, name: `Et${member}/${port}` }
    case 'fortinet':
      return { descr: `port${ifIndex}`, name: `port${ifIndex}` }
    case 'paloalto':
      return { descr: `ethernet1/${ifIndex}`, name: `ethernet1/${ifIndex}` }
    default:
      return { descr: `eth${n}`, name: `eth${n}` }
  }
}
