/** Security events, the incident's evidence and the liaisons' report form; spread into ui/src/i18n. */
export const en = {
  resources: {
    security_events: {
      name: 'Security event |||| Security events',
      fields: {
        id: 'Event',
        origin: 'Source of the event',
        kind: 'Kind',
        source: 'From',
        target: 'Against',
        port: 'Port',
        protocol: 'Protocol',
        severity: 'Severity',
        signature: 'Signature',
        summary: 'Summary',
        first_seen: 'First seen',
        last_seen: 'Last seen',
        incident_id: 'Incident',
        incident_number: 'Incident',
        agency_id: 'Agency',
        q: 'Search',
      },
    },
    security_reports: {
      name: 'Security incident report |||| Security incident reports',
      fields: {
        what: 'What happened',
        noticed_at: 'When it was noticed',
        system_ids: 'Information systems affected',
        agency_id: 'Agency affected',
      },
    },
  },
  gsn: {
    security_events: {
      origin: { detection: 'Flow detection', eve: 'Suricata alert', syslog: 'Sensor syslog', manual: 'Liaison report' },
      report: 'Report a security incident',
      report_title: 'Report a security incident to G-ISAC',
      report_help: 'G-ISAC receives it at once as a security incident of your agency; the legal clock starts from when it was noticed.',
      what_help: 'What you saw, and what has been done so far',
      reported: 'Reported as incident %{number}',
      evidence: 'Evidence',
      evidence_counts: '%{events} events (%{occurrences} alerts or detections) from %{sources} sources against %{targets} targets, %{agencies} agencies; first %{first}, last %{last}',
      no_evidence: 'No security events are filed under this incident.',
      flows: 'Flows behind it',
      flow: '%{src} → %{dst} %{protocol}, %{packets} packets, %{bytes} bytes',
    },
  },
}

export const zhTW: typeof en = {
  resources: {
    security_events: {
      name: '資安事件紀錄 |||| 資安事件紀錄',
      fields: {
        id: '事件紀錄',
        origin: '紀錄來源',
        kind: '類型',
        source: '來源位址',
        target: '目標',
        port: '連接埠',
        protocol: '協定',
        severity: '嚴重度',
        signature: '規則',
        summary: '摘要',
        first_seen: '首次發現',
        last_seen: '最近發現',
        incident_id: '事件單',
        incident_number: '事件單',
        agency_id: '機關',
        q: '搜尋',
      },
    },
    security_reports: {
      name: '資安事件通報 |||| 資安事件通報',
      fields: {
        what: '發生了什麼',
        noticed_at: '發現時間',
        system_ids: '受影響的資訊系統',
        agency_id: '受影響的機關',
      },
    },
  },
  gsn: {
    security_events: {
      origin: { detection: '流量偵測', eve: 'Suricata 告警', syslog: '感測器 syslog', manual: '聯絡窗口通報' },
      report: '通報資安事件',
      report_title: '向 G-ISAC 通報資安事件',
      report_help: 'G-ISAC 會立即收到貴機關的資安事件單；法定時限自發現時間起算。',
      what_help: '您看到的狀況，以及目前已採取的處置',
      reported: '已通報，事件單 %{number}',
      evidence: '佐證',
      evidence_counts: '共 %{events} 筆事件紀錄（%{occurrences} 則告警或偵測），來源 %{sources} 個、目標 %{targets} 個、機關 %{agencies} 個；首次 %{first}，最近 %{last}',
      no_evidence: '此事件單沒有資安事件紀錄。',
      flows: '相關流量',
      flow: '%{src} → %{dst} %{protocol}，%{packets} 個封包、%{bytes} 位元組',
    },
  },
}
