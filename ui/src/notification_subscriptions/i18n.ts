/** My notifications: each topic by e-mail and live; spread into ui/src/i18n. */
export const en = {
  resources: {
    notification_subscriptions: {
      name: 'My notification |||| My notifications',
      fields: { id: 'ID', user_id: 'User', topic: 'Topic', email: 'By e-mail', live: 'Live in the console', chosen: 'Chosen' },
    },
  },
  enums: {
    topic: {
      group_queues: "My groups' queues",
      my_incidents: 'Incidents assigned to me',
      sla: 'SLA warnings and breaches',
      cab_requests: 'CAB requests',
      my_items: 'Changes and problems on my items',
    },
  },
  gsn: {
    subscriptions: {
      intro:
        'Choose what reaches you. Nothing outside your agency scope ever does. A topic you never changed is shown live and not mailed.',
      help: {
        group_queues: 'An incident of a group you belong to is opened, routed, assigned, moved or resolved.',
        my_incidents: 'The same for an incident assigned to you.',
        sla: 'An SLA warning (75%) or breach of an incident of your groups or assigned to you.',
        cab_requests: 'A change is submitted to a change advisory board you sit on.',
        my_items: 'A change or problem touches an item you own (those of incidents assigned to you; a liaison: their agency’s), or one you raised.',
      },
      saved: 'Saved',
      live_heading: 'New notification',
    },
  },
}

export const zhTW: typeof en = {
  resources: {
    notification_subscriptions: {
      name: '我的通知',
      fields: { id: 'ID', user_id: '使用者', topic: '主題', email: '電子郵件', live: '即時通知', chosen: '已設定' },
    },
  },
  enums: {
    topic: {
      group_queues: '我的群組佇列',
      my_incidents: '指派給我的事件單',
      sla: 'SLA 預警與逾時',
      cab_requests: 'CAB 審議請求',
      my_items: '我的設備相關變更與問題',
    },
  },
  gsn: {
    subscriptions: {
      intro: '選擇要接收的通知。您機關範圍以外的通知一律不會送達。未曾變更的主題：即時通知開啟、電子郵件關閉。',
      help: {
        group_queues: '您所屬群組的事件單開立、分派、指派、狀態變更或解決時。',
        my_incidents: '指派給您的事件單有上述異動時。',
        sla: '您群組或指派給您的事件單達 SLA 預警（75%）或逾時。',
        cab_requests: '變更送交您所屬的變更諮詢委員會（CAB）審議時。',
        my_items: '變更或問題單涉及您負責的設備（指派給您的事件單所涉項目；機關聯絡人：所屬機關的項目），或由您提出時。',
      },
      saved: '已儲存',
      live_heading: '新通知',
    },
  },
}
