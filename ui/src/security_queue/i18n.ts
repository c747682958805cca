/** The analyst's queue of security incidents; spread into ui/src/i18n. */
export const en = {
  gsn: {
    security_queue: {
      menu: "Analyst's queue",
      title: "Analyst's queue: security incidents, nearest legal deadline first",
      tabs: 'Which incidents',
      tab: { new: 'New', mine: 'Mine', open: 'All open' },
      level: 'Level',
      ungraded: 'Not graded',
      proposed: '%{level} proposed, not reviewed',
      next_deadline: 'Next legal deadline',
      due: '%{clock} due %{at} (%{relative})',
      breached: 'Breached: %{clock} was due %{at} (%{relative})',
      none: 'No clock running',
      empty: 'No security incident here.',
    },
  },
}

export const zhTW: typeof en = {
  gsn: {
    security_queue: {
      menu: '分析師待辦',
      title: '分析師待辦：資安事件，依最近的法定時限排序',
      tabs: '事件範圍',
      tab: { new: '新進', mine: '我負責的', open: '所有處理中' },
      level: '等級',
      ungraded: '尚未定級',
      proposed: '%{level}（提議，尚未審核）',
      next_deadline: '最近的法定時限',
      due: '%{clock}期限 %{at}（%{relative}）',
      breached: '已逾期：%{clock}期限為 %{at}（%{relative}）',
      none: '無進行中的時限',
      empty: '沒有資安事件單。',
    },
  },
}
