/**
 * Answers ICMP and ICMPv6 echo requests arriving on a TUN device after a delay the test chooses,
 * with uniform jitter: the kernel here has no netem, so this is how a test makes a slow line.
 * Runs inside the lab's namespace (`ip netns exec NS node --import @poppinss/ts-exec
 * tests/support/tun_echo_responder.ts DEVICE DELAY_MS JITTER_MS`), with the demo network's
 * responder (app/demo/sim/tun_echo.ts). Prints "ready" once attached; ends when its stdin closes
 * (the test went away).
 */
import { TunEchoResponder } from '#app/demo/sim/tun_echo'

const [device, delayText, jitterText] = process.argv.slice(2)
const delayMs = Number(delayText ?? 0)
const jitterMs = Number(jitterText ?? 0)

try {
  TunEchoResponder.open(device, () => Math.max(0, delayMs + jitterMs * (2 * Math.random() - 1)))
} catch (error) {
  console.error((error as Error).message)
  process.exit(1)
}
// A poll may be waiting on one of koffi's threads, which process.exit would wait for.
process.stdin.on('close', () => process.kill(process.pid, 'SIGKILL'))
process.stdin.resume()
console.log('ready')
