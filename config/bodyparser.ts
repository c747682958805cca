import { defineConfig } from '@adonisjs/core/bodyparser'

export default defineConfig({
  allowedMethods: ['POST', 'PUT', 'PATCH', 'DELETE'],
  form: { convertEmptyStringsToNull: true, types: ['application/x-www-form-urlencoded'] },
  json: { convertEmptyStringsToNull: true, limit: '2mb', types: ['application/json'] },
  multipart: {
    // CSV imports are streamed by their own controller, not buffered by the parser.
    autoProcess: true,
    processManually: ['/api/imports'],
    convertEmptyStringsToNull: true,
    limit: '200mb',
    types: ['multipart/form-data'],
  },
})
