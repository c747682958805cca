import type { Socket } from 'node:dgram'
import type { Listener, Rinfo } from 'net-snmp'

/**
 * What the trap receiver and the simulated agents share about net-snmp's listening side: the
 * sockets it binds without telling anyone whether that worked, and handles without a guard.
 */

export function listenerSockets(listener: Listener): Socket[] {
  return Object.values(listener.sockets ?? {}) as Socket[]
}

/** Resolves once every socket is bound; rejects with the bind error (port taken, no permission). */
export function whenListening(listener: Listener, what: string): Promise<void> {
  return Promise.all(
    listenerSockets(listener).map(
      (socket) =>
        new Promise<void>((resolve, reject) => {
          const onError = (error: Error) => {
            socket.off('listening', onListening)
            reject(new Error(`${what}: ${error.message}`))
          }
          const onListening = () => {
            socket.off('error', onError)
            resolve()
          }
          socket.once('error', onError)
          socket.once('listening', onListening)
        })
    )
  ).then(() => undefined)
}

/**
 * Puts a gate in front of net-snmp's datagram handlers. net-snmp guards only the decoding of a
 * datagram; an exception later on (answering an odd request, a report for a message half
 * understood) would escape from the socket's event and end the process, so each datagram's
 * handling is wrapped and a throw becomes a call of onThrow. `before` may drop a datagram by
 * returning false.
 */
export function guardDatagrams(
  listener: Listener,
  hooks: { before?: (msg: Buffer, rinfo: Rinfo) => boolean | void; onThrow: (error: unknown, rinfo: Rinfo) => void }
) {
  for (const socket of listenerSockets(listener)) {
    const handlers = socket.listeners('message') as Array<(msg: Buffer, rinfo: Rinfo) => void>
    socket.removeAllListeners('message')
    socket.on('message', (msg: Buffer, rinfo: Rinfo) => {
      try {
        if (hooks.before?.(msg, rinfo) === false) return
        for (const handler of handlers) handler(msg, rinfo)
      } catch (error) {
        hooks.onThrow(error, rinfo)
      }
    })
  }
}

/** Closes every socket; resolves when all are closed (at once if none was bound). */
export function closeSockets(listener: Listener): Promise<void> {
  const sockets = listenerSockets(listener)
  return new Promise((resolve) => {
    let left = sockets.length
    if (left === 0) return resolve()
    const one = () => {
      if (--left === 0) resolve()
    }
    for (const socket of sockets) {
      try {
        socket.close(one)
      } catch {
        // Never bound, or closed already.
        one()
      }
    }
  })
}
