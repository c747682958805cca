import env from '#start/env'

/**
 * What may be attached to an incident: its size, and its kind by file extension (the type a
 * download is served as comes from this list, never from what the uploader's browser claimed).
 * A test may change a value with overrideConfig (tests/support/config.ts).
 */
const attachmentsConfig = {
  maxBytes: env.get('ATTACHMENT_MAX_BYTES', 10 * 1024 * 1024),
  types: {
    pdf: 'application/pdf',
    png: 'image/png',
    jpg: 'image/jpeg',
    jpeg: 'image/jpeg',
    gif: 'image/gif',
    txt: 'text/plain; charset=utf-8',
    log: 'text/plain; charset=utf-8',
    csv: 'text/csv; charset=utf-8',
    json: 'application/json',
    pcap: 'application/vnd.tcpdump.pcap',
    pcapng: 'application/octet-stream',
    zip: 'application/zip',
    docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    odt: 'application/vnd.oasis.opendocument.text',
    ods: 'application/vnd.oasis.opendocument.spreadsheet',
  } as Record<string, string>,
}

export default attachmentsConfig
