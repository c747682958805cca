/** Sharing groups of agencies; spread into ui/src/i18n. */
export const en = {
  resources: {
    sharing_groups: {
      name: 'Sharing group |||| Sharing groups',
      fields: {
        id: 'Group',
        q: 'Search',
        name: 'Name',
        description: 'Description',
        member_ids: 'Member agencies',
        members: 'Members',
        created_at: 'Created',
        updated_at: 'Updated',
      },
    },
  },
  gsn: {
    sharing_groups: {
      members_help: 'Agencies that receive what is shared with the group (TLP:AMBER also reaches the agencies under them).',
      no_members: 'No member agencies yet.',
      indicators: 'Indicators shared with this group',
    },
  },
}

export const zhTW: typeof en = {
  resources: {
    sharing_groups: {
      name: '分享群組 |||| 分享群組',
      fields: {
        id: '群組',
        q: '搜尋',
        name: '名稱',
        description: '說明',
        member_ids: '成員機關',
        members: '成員數',
        created_at: '建立時間',
        updated_at: '更新時間',
      },
    },
  },
  gsn: {
    sharing_groups: {
      members_help: '接收分享給本群組之情資的機關（TLP:AMBER 亦及於其所屬機關）。',
      no_members: '尚無成員機關。',
      indicators: '分享給本群組的威脅指標',
    },
  },
}
