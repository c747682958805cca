import app from '@adonisjs/core/services/app'
import env from '#start/env'
import { defineConfig, services } from '@adonisjs/drive'
import type { InferDriveDisks } from '@adonisjs/drive/types'

/**
 * Where incident attachments are kept: a private directory on local disk (ATTACHMENTS_ROOT, by
 * default storage/attachments under the application). Drive does not serve these files itself:
 * only the attachment route does, after checking that the reader may read the incident.
 */
const driveConfig = defineConfig({
  default: 'attachments',
  services: {
    attachments: services.fs({
      location: app.makePath(env.get('ATTACHMENTS_ROOT') ?? 'storage/attachments'),
      visibility: 'private',
      serveFiles: false,
    }),
  },
})

export default driveConfig

declare module '@adonisjs/drive/types' {
  export interface DriveDisks extends InferDriveDisks<typeof driveConfig> {}
}
