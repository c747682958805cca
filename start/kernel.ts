import router from '@adonisjs/core/services/router'
import server from '@adonisjs/core/services/server'

server.errorHandler(() => import('#app/core/exception_handler'))

server.use([
  () => import('#app/platform/security_headers_middleware'),
  () => import('#app/platform/metrics_middleware'),
  () => import('#app/platform/health_middleware'),
  () => import('#app/core/container_bindings_middleware'),
  () => import('#app/platform/ui_files_middleware'),
])

router.use([
  () => import('@adonisjs/core/bodyparser_middleware'),
  () => import('#app/access/browser_session_middleware'),
  () => import('@adonisjs/auth/initialize_auth_middleware'),
  () => import('#app/access/bouncer_middleware'),
])

export const middleware = router.named({
  auth: () => import('#app/access/auth_middleware'),
})
