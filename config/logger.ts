import env from '#start/env'
import { defineConfig } from '@adonisjs/core/logger'

// One JSON object per line on stdout: what log shippers and `jq` read.
const loggerConfig = defineConfig({
  default: 'app',
  loggers: {
    app: {
      enabled: true,
      name: env.get('APP_NAME'),
      level: env.get('NODE_ENV') === 'test' ? 'silent' : env.get('LOG_LEVEL'),
    },
  },
})

export default loggerConfig

declare module '@adonisjs/core/types' {
  export interface LoggersList extends InferLoggers<typeof loggerConfig> {}
}
