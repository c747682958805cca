/** The office calendar's holidays and make-up working days, spread into ui/src/i18n. */
export const en = {
  resources: {
    holidays: {
      name: 'Office calendar day |||| Office calendar',
      fields: {
        id: 'ID',
        q: 'Search',
        date: 'Date',
        date_gte: 'From',
        date_lte: 'Until',
        kind: 'Kind',
        name_en: 'Name in English',
        name_zh: 'Name in Chinese',
        created_at: 'Created',
        updated_at: 'Updated',
      },
    },
  },
  enums: {
    day_kind: { holiday: 'Holiday (office closed)', working_day: 'Make-up working day' },
  },
}

export const zhTW: typeof en = {
  resources: {
    holidays: {
      name: '辦公日曆',
      fields: {
        id: 'ID',
        q: '搜尋',
        date: '日期',
        date_gte: '起',
        date_lte: '迄',
        kind: '類別',
        name_en: '英文名稱',
        name_zh: '中文名稱',
        created_at: '建立時間',
        updated_at: '更新時間',
      },
    },
  },
  enums: {
    day_kind: { holiday: '放假日', working_day: '補行上班日' },
  },
}
