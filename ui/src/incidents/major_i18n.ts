/**
 * The words of major incidents on the incident page (its child incidents, the dialog that links
 * an incident to one, the resolve dialog's offer), as gsn.incidents.major.
 */
const en = {
  children: 'Child incidents',
  link: 'Link to major incident',
  change: 'Change major incident',
  title: '%{action}: %{number}',
  parent: 'Major incident',
  elsewhere: "Part of another agency's major incident",
  parent_help: 'Search by number or title; incidents that are themselves children, closed or cancelled are not offered',
  save: 'Link',
  detach: 'Detach from major incident',
  linked: 'Linked to the major incident',
  detached: 'Detached from the major incident',
  resolve_children: 'Also resolve its open child incident with this resolution |||| Also resolve its %{smart_count} open child incidents with this resolution',
}

const zhTW: typeof en = {
  children: '子事件單',
  link: '連結至重大事件',
  change: '變更所屬重大事件',
  title: '%{action}：%{number}',
  parent: '重大事件',
  elsewhere: '隸屬其他機關的重大事件',
  parent_help: '以編號或標題搜尋；本身為子事件單、已結案或已取消者不列入',
  save: '連結',
  detach: '解除與重大事件的連結',
  linked: '已連結至重大事件',
  detached: '已解除與重大事件的連結',
  resolve_children: '一併以此處理結果解決 %{smart_count} 件未解決的子事件單',
}

export const majorIncidentMessages = { en, zhTW }
