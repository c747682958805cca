/**
 * Changes settings of a config object (config/*.ts) for one test or group and returns what puts
 * them back. The application reads its config objects when it uses them, never copies them at
 * load, so a change is seen at once; this is the only way tests change settings at run time
 * (process.env is read once, at boot, by start/env.ts).
 *
 *   cleanup(overrideConfig(importsConfig, { staleAfterMs: 1200 }))
 */
export function overrideConfig<T extends object>(config: T, changes: Partial<T>): () => void {
  const before = Object.fromEntries(Object.keys(changes).map((key) => [key, config[key as keyof T]])) as Partial<T>
  Object.assign(config, changes)
  return () => {
    Object.assign(config, before)
  }
}
