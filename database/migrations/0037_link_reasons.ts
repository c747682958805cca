import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Link states say why as message keys with parameters (app/monitoring/link_health/
 * link_reason_messages.ts), worded when read in the reader's language; `reason` keeps the English
 * words beside them for search, CSV and notifications. And the echo bursts feed the state: the
 * polls' own verdict and the bursts' are kept apart (polled_verdict, quality) so that either can
 * move the state between the other's observations.
 *
 * Rows written before are translated where their English is one of the rules' fixed sentences;
 * what is left (several reasons joined, texts of older versions) has no reason_message and is
 * shown as it was written, in every language.
 */
const TABLES = ['link_states', 'link_state_changes']

/** The old English sentences as reason parts, by pattern; NULL when the text is none of them. */
export const PARTS_OF = `
  CASE
    WHEN reason = 'device did not answer' THEN '[{"key":"link_state.no_answer","params":{}}]'::jsonb
    WHEN reason = 'shut on purpose (ifAdminStatus down)' THEN '[{"key":"link_state.admin_down","params":{}}]'::jsonb
    WHEN reason = 'interface in test mode (ifOperStatus testing)' THEN '[{"key":"link_state.testing","params":{}}]'::jsonb
    WHEN reason = 'up' THEN '[]'::jsonb
    WHEN reason ~ '^ifOperStatus [A-Za-z]+$' THEN
      jsonb_build_array(jsonb_build_object('key', 'link_state.oper_down', 'params', jsonb_build_object('status', substr(reason, 14))))
    WHEN reason ~ '^utilisation [0-9.]+% above [0-9.]+% for [0-9]+ min$' THEN (
      SELECT jsonb_build_array(jsonb_build_object('key', 'link_state.util_high', 'params',
               jsonb_build_object('util', m[1]::numeric, 'threshold', m[2]::numeric, 'minutes', m[3]::int)))
        FROM regexp_match(reason, '^utilisation ([0-9.]+)% above ([0-9.]+)% for ([0-9]+) min$') AS m)
    WHEN reason ~ '^[0-9.]+ errors/s above [0-9.]+/s$' THEN (
      SELECT jsonb_build_array(jsonb_build_object('key', 'link_state.errors_high', 'params',
               jsonb_build_object('rate', m[1]::numeric, 'threshold', m[2]::numeric)))
        FROM regexp_match(reason, '^([0-9.]+) errors/s above ([0-9.]+)/s$') AS m)
  END`

export default class extends BaseSchema {
  async up() {
    for (const table of TABLES) {
      this.schema.raw(`ALTER TABLE ${table} ADD COLUMN reason_message jsonb`)
      this.schema.raw(`UPDATE ${table} SET reason_message = ${PARTS_OF} WHERE reason IS NOT NULL`)
    }
    this.schema.raw('ALTER TABLE link_states ADD COLUMN polled_verdict jsonb, ADD COLUMN quality jsonb')
  }

  async down() {
    this.schema.raw('ALTER TABLE link_states DROP COLUMN IF EXISTS polled_verdict, DROP COLUMN IF EXISTS quality')
    for (const table of TABLES) this.schema.raw(`ALTER TABLE ${table} DROP COLUMN IF EXISTS reason_message`)
  }
}
