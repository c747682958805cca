/**
 * Answers ICMP and ICMPv6 echo requests arriving on a TUN device inside a lab's namespace, with
 * the demo network's responder code (app/demo/sim/): the kernel here has no netem, so this is how
 * a test makes a slow or lossy line. Run as `ip netns exec NS node --import @poppinss/ts-exec
 * tests/support/tun_echo_responder.ts DEVICE …` with either
 *
 *   DELAY_MS JITTER_MS                every request answered after the delay, ± uniform jitter;
 *   --demo PREFIX AT INVENTORY_JSON   the demo's probe responder (probe_responder.ts) for the probed
 *                                     lines of that inventory (devices and links with probe
 *                                     addresses, as loadInventory reads them), routing PREFIX to the
 *                                     device, with the simulation's clock held at AT (Unix seconds).
 *
 * Prints "ready" once attached; ends when its stdin closes (the test went away).
 */
import { buildDeviceSpecs, type InventoryDevice, type InventoryLink } from '#app/demo/sim/inventory'
import { DEFAULT_SIM_SEED, SimNetwork } from '#app/demo/sim/model'
import { ProbeResponder } from '#app/demo/sim/probe_responder'
import { TunEchoResponder } from '#app/demo/sim/tun_echo'

const [device, ...args] = process.argv.slice(2)

try {
  if (args[0] === '--demo') {
    const [, prefix, at, json] = args
    const inventory: { devices: InventoryDevice[]; links: InventoryLink[] } = JSON.parse(json)
    const network = new SimNetwork(buildDeviceSpecs(inventory.devices, inventory.links).specs, { seed: DEFAULT_SIM_SEED })
    await new ProbeResponder(network, inventory.links, { clock: () => Number(at) }).start({ device, prefix })
  } else {
    const delayMs = Number(args[0] ?? 0)
    const jitterMs = Number(args[1] ?? 0)
    TunEchoResponder.open(device, () => Math.max(0, delayMs + jitterMs * (2 * Math.random() - 1)))
  }
} catch (error) {
  console.error((error as Error).message)
  process.exit(1)
}
// A poll may be waiting on one of koffi's threads, which process.exit would wait for.
process.stdin.on('close', () => process.kill(process.pid, 'SIGKILL'))
process.stdin.resume()
console.log('ready')
