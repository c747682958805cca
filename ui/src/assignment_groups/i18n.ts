/** Words of the assignment groups' pages, spread into ui/src/i18n/en.ts and zh-TW.ts. */
export const assignmentGroupsI18n = {
  en: {
    resources: {
      assignment_groups: {
        name: 'Assignment group |||| Assignment groups',
        fields: {
          id: 'ID',
          q: 'Search',
          code: 'Code',
          name: 'Name',
          name_en: 'English name',
          kind: 'Kind',
          region: 'Region',
          agency_id: 'Agency',
          member_ids: 'Members',
          open_incidents: 'Open incidents',
          created_at: 'Created',
          updated_at: 'Updated',
        },
        helper: {
          region: 'Regional joint-defence teams only',
          agency_id: "Agencies' IT teams only: they take incidents of this agency and those below it",
        },
      },
    },
    enums: {
      group_kind: { noc: 'NOC', gisac: 'G-ISAC', regional: 'Regional joint-defence team', agency_it: 'Agency IT team' },
    },
  },
  zhTW: {
    resources: {
      assignment_groups: {
        name: '處理群組',
        fields: {
          id: '編號',
          q: '搜尋',
          code: '代碼',
          name: '名稱',
          name_en: '英文名稱',
          kind: '類型',
          region: '區域',
          agency_id: '機關',
          member_ids: '成員',
          open_incidents: '處理中事件單',
          created_at: '建立時間',
          updated_at: '更新時間',
        },
        helper: {
          region: '僅區域聯防中心填寫',
          agency_id: '僅機關資訊單位填寫：承接本機關及所屬機關的事件單',
        },
      },
    },
    enums: {
      group_kind: { noc: '網路維運中心', gisac: 'G-ISAC', regional: '區域聯防中心', agency_it: '機關資訊單位' },
    },
  },
}
