/**
 * The demo network's probe responder (app/demo/sim/probe_responder.ts) inside an impaired path's
 * namespace, for tests: `ip netns exec NS node --import @poppinss/ts-exec
 * tests/support/demo_line_responder.ts DEVICE PREFIX AT INVENTORY_JSON` answers the probed lines
 * of that inventory (devices and links with probe addresses, as loadInventory reads them) on the
 * TUN device, with the simulation's clock held at AT (Unix seconds). Prints "ready" once attached;
 * ends when its stdin closes.
 */
import { buildDeviceSpecs, type InventoryDevice, type InventoryLink } from '#app/demo/sim/inventory'
import { DEFAULT_SIM_SEED, SimNetwork } from '#app/demo/sim/model'
import { ProbeResponder } from '#app/demo/sim/probe_responder'

const [device, prefix, at, json] = process.argv.slice(2)
const inventory: { devices: InventoryDevice[]; links: InventoryLink[] } = JSON.parse(json)
const network = new SimNetwork(buildDeviceSpecs(inventory.devices, inventory.links).specs, { seed: DEFAULT_SIM_SEED })
try {
  await new ProbeResponder(network, inventory.links, { clock: () => Number(at) }).start({ device, prefix })
} catch (error) {
  console.error((error as Error).message)
  process.exit(1)
}
// A poll may be waiting on one of koffi's threads, which process.exit would wait for.
process.stdin.on('close', () => process.kill(process.pid, 'SIGKILL'))
process.stdin.resume()
console.log('ready')
