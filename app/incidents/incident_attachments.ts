import { randomUUID } from 'node:crypto'
import db from '@adonisjs/lucid/services/db'
import drive from '@adonisjs/drive/services/main'
import logger from '@adonisjs/core/services/logger'
import type { MultipartFile } from '@adonisjs/core/bodyparser'
import type User from '#app/access/user'
import { isInScope } from '#app/access/scope'
import { recordAudit } from '#app/audit/audit_log'
import { message } from '#app/core/messages'
import { addTimeline } from '#app/incidents/incident_timeline'
import { actorOf, findForUpdate, refuseType } from '#app/incidents/incident_service'

/**
 * Files attached to an incident (logs, captures, screenshots). The file is kept on the drive
 * disk (config/drive.ts) under a random key, so nothing a person names reaches a path; its name
 * is kept, made harmless, only to be offered back on download.
 */

const MAX_NAME = 200

/**
 * A file name as it may be shown and offered back: the last part of any path, without control
 * characters, quotes or characters Windows refuses, without leading dots; at most 200
 * characters, keeping the extension.
 */
export function safeFileName(name: string): string {
  const base = (name.split(/[\\/]/).pop() ?? '').normalize('NFC')
  // eslint-disable-next-line no-control-regex
  let cleaned = base.replace(/[\u0000-\u001f\u007f"<>:|?*]/g, '').replace(/^[.\s]+/, '').trim()
  if (cleaned.length > MAX_NAME) {
    const dot = cleaned.lastIndexOf('.')
    const ext = dot > 0 && cleaned.length - dot <= 16 ? cleaned.slice(dot) : ''
    cleaned = cleaned.slice(0, MAX_NAME - ext.length) + ext
  }
  return cleaned || 'attachment'
}

/** The Content-Disposition of a download: always an attachment, with an ASCII name and the real one encoded. */
export function dispositionOf(fileName: string) {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/[\\"]/g, '_')
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`
}

const COLUMNS = ['t.id', 't.incident_id', 't.file_name', 't.content_type', 't.size_bytes', 't.uploaded_by_id', 't.uploaded_at']

function shown(r: Record<string, any>) {
  return {
    id: r.id,
    incident_id: r.incident_id,
    file_name: r.file_name,
    content_type: r.content_type,
    size_bytes: Number(r.size_bytes),
    uploaded_by_id: r.uploaded_by_id,
    uploaded_by_name: r.full_name || r.email || null,
    uploaded_at: new Date(r.uploaded_at).toISOString(),
  }
}

const listed = () => db.from('incident_attachments as t').leftJoin('users as u', 'u.id', 't.uploaded_by_id').select(...COLUMNS, 'u.full_name', 'u.email')

export async function attachmentsOf(incidentId: number) {
  const rows = await listed().where('t.incident_id', incidentId).orderBy('t.id')
  return rows.map(shown)
}

/** The attachment with its storage key, when it belongs to this incident. */
export async function findAttachment(incidentId: number, attachmentId: number) {
  const row = await listed().select('t.storage_key').where({ 't.incident_id': incidentId, 't.id': attachmentId }).first()
  return row ? { ...shown(row), storageKey: row.storage_key as string } : null
}

/** Where an incident's files are kept on the disk: one folder each, so they can go with it. */
const folderOf = (incidentId: number) => `incidents/${incidentId}`

/**
 * Removes the files of incidents whose rows are gone (demo:seed --fresh empties the table). Called
 * once their removal has committed, so a removal rolled back never loses a file; a file that
 * cannot be removed is logged and left, never failing the removal that already happened.
 */
export async function removeFilesOf(incidentIds: number[]) {
  let removed = 0
  for (const id of incidentIds) {
    try {
      await drive.use().deleteAll(folderOf(id))
      removed++
    } catch (error) {
      logger.warn({ err: error, incident: id }, 'attachment files of a removed incident left on disk')
    }
  }
  return removed
}

/**
 * Stores a checked upload on the incident, with a timeline entry and an audit row. Null when
 * the person may not see the incident. The file is written before the row; a row that fails
 * takes its file away again.
 */
export async function attachFile(user: User, incidentId: number, file: MultipartFile, contentType: string) {
  const actor = actorOf(user)
  const key = `${folderOf(incidentId)}/${randomUUID()}`
  let stored = false
  try {
    return await db.transaction(async (trx) => {
      const row = await findForUpdate(trx, incidentId)
      if (!row || !(await isInScope(user, row.agencyId, trx))) return null
      refuseType(user, row.type)
      await file.moveToDisk(key)
      stored = true
      const at = new Date()
      const fileName = safeFileName(file.clientName)
      const [saved] = await trx
        .insertQuery()
        .table('incident_attachments')
        .insert({ incident_id: row.id, file_name: fileName, content_type: contentType, size_bytes: file.size, storage_key: key, uploaded_by_id: actor.id, uploaded_at: at })
        .returning(['id', 'incident_id', 'file_name', 'content_type', 'size_bytes', 'uploaded_by_id', 'uploaded_at'])
      await addTimeline(trx, row.id, [{ kind: 'attachment', at, actor, message: message('incidents.timeline_attached', { file: fileName, bytes: file.size }) }])
      await recordAudit(trx, actor, [{ action: 'create', entity: 'incident_attachments', entityId: saved.id, before: null, after: saved }])
      return shown({ ...saved, full_name: user.fullName, email: user.email })
    })
  } catch (error) {
    if (stored) await drive.use().delete(key)
    throw error
  }
}
