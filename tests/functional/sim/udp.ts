import { createSocket } from 'node:dgram'

/**
 * A UDP port nobody is bound to on an address, found by binding to port 0 and letting go
 * (net-snmp's agent and receiver cannot be asked for port 0 themselves).
 */
export async function freeUdpPort(address = '127.0.0.1'): Promise<number> {
  const socket = createSocket('udp4')
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject)
    socket.bind(0, address, () => resolve())
  })
  const { port } = socket.address()
  await new Promise<void>((resolve) => socket.close(() => resolve()))
  return port
}
