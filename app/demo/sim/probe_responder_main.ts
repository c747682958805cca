/**
 * The demo's probe responder as a process of its own (started by ProbeResponder.spawn, at
 * real-time priority): on a loaded machine the simulated network's own process answers SNMP for
 * 110 devices and exports flows, and a probe answered from its event loop waited seconds for a
 * turn, so every line looked lossy. Reads one JSON line from stdin (the devices and links as
 * loadInventory gives them, the seed, the TUN device and prefix), prints its log entries as JSON
 * lines and {"event":"ready"} once answering; ends when its stdin closes (demo:network went away).
 */
import { createInterface } from 'node:readline'
import { buildDeviceSpecs, type InventoryDevice, type InventoryLink } from '#app/demo/sim/inventory'
import { SimNetwork } from '#app/demo/sim/model'
import { ProbeResponder } from '#app/demo/sim/probe_responder'

const lines = createInterface({ input: process.stdin })
const first = await new Promise<string>((resolve) => lines.once('line', resolve))
const input: { devices: InventoryDevice[]; links: InventoryLink[]; seed: string; device: string; prefix: string } = JSON.parse(first)
const print = (entry: Record<string, unknown>) => process.stdout.write(JSON.stringify(entry) + '\n')
try {
  const network = new SimNetwork(buildDeviceSpecs(input.devices, input.links).specs, { seed: input.seed })
  await new ProbeResponder(network, input.links).start({ device: input.device, prefix: input.prefix, log: print })
  print({ event: 'ready' })
} catch (error) {
  print({ event: 'failed', detail: (error as Error).message })
  process.exit(1)
}
// A poll may be waiting on one of koffi's threads, which process.exit would wait for.
process.stdin.on('close', () => process.kill(process.pid, 'SIGKILL'))
