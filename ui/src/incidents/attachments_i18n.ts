/** The attachments panel's words, under gsn.incidents.attachments (spread by incidents/i18n.ts). */
export const attachmentsI18n = {
  en: {
    title: 'Attachments',
    file: 'File',
    size: 'Size',
    by: 'Attached by',
    at: 'Attached at (Taipei time)',
    empty: 'No files attached yet.',
    choose: 'File to attach',
    attach: 'Attach',
    attached: 'File attached',
    unavailable: 'The attachments could not be read: %{message}',
  },
  zhTW: {
    title: '附件',
    file: '檔案',
    size: '大小',
    by: '上傳者',
    at: '上傳時間（臺北時間）',
    empty: '尚無附件。',
    choose: '要附加的檔案',
    attach: '附加',
    attached: '已附加檔案',
    unavailable: '無法讀取附件：%{message}',
  },
}
