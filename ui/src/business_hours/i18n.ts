/** The office hours business-hours SLAs count, spread into ui/src/i18n. */
export const en = {
  resources: {
    business_hours: {
      name: 'Office hours |||| Office hours',
      fields: {
        id: 'ID',
        weekdays: 'Working weekdays',
        opens_at: 'Opens',
        closes_at: 'Closes',
        created_at: 'Created',
        updated_at: 'Updated',
      },
    },
  },
  enums: {
    weekday: { 1: 'Monday', 2: 'Tuesday', 3: 'Wednesday', 4: 'Thursday', 5: 'Friday', 6: 'Saturday', 7: 'Sunday' },
  },
  gsn: {
    business_hours: { hours: 'Taipei time. Holidays and make-up working days are kept in the office calendar.' },
  },
}

export const zhTW: typeof en = {
  resources: {
    business_hours: {
      name: '上班時間',
      fields: {
        id: 'ID',
        weekdays: '工作日',
        opens_at: '上班',
        closes_at: '下班',
        created_at: '建立時間',
        updated_at: '更新時間',
      },
    },
  },
  enums: {
    weekday: { 1: '星期一', 2: '星期二', 3: '星期三', 4: '星期四', 5: '星期五', 6: '星期六', 7: '星期日' },
  },
  gsn: {
    business_hours: { hours: '臺北時間。放假日與補行上班日請於辦公日曆維護。' },
  },
}
