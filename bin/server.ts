const { prettyPrintError } = await import('@adonisjs/core')
const { ignite } = await import('./ignite.js')

ignite()
  .httpServer()
  .start()
  .catch((error) => {
    process.exitCode = 1
    prettyPrintError(error)
  })
