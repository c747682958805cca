/** The link page's latency chart words (gsn.latency) and the traffic chart's "too few points" note, spread into ui/src/i18n/en.ts and zh-TW.ts. */
export const en = {
  gsn: {
    latency: {
      title: 'Latency and loss (echo probes)',
      rtt: 'Round trip (ms)',
      median: 'median',
      band: '10th–90th percentile of the burst',
      loss: 'Packet loss',
      loss_axis: 'Loss (%)',
      summary: 'Median round trip %{median} ms, packet loss %{loss}% of %{sent} probes in this range',
      none: 'This link is not probed (no far-end address), or no burst has been stored in this range yet.',
      few: 'Only %{count} points in this range so far: the chart fills as probes and rollups come in.',
      unavailable: 'Latency could not be read: %{message}',
      resolution: { raw: 'Every burst', '5m': '5-minute averages', '1h': 'Hourly averages', '1d': 'Daily averages' },
      method: 'Line: mean of the bursts’ median round trips; shaded: their 10th–90th percentiles, as SmokePing draws them',
    },
    traffic_few: 'Only %{count} points in this range so far (rollups are made hourly and daily); the 24 h range shows the recent samples.',
  },
}

export const zhTW: typeof en = {
  gsn: {
    latency: {
      title: '延遲與封包遺失（ICMP 探測）',
      rtt: '往返延遲（毫秒）',
      median: '中位數',
      band: '每輪探測的第 10 至 90 百分位',
      loss: '封包遺失率',
      loss_axis: '遺失率（%）',
      summary: '此時間範圍的往返延遲中位數 %{median} 毫秒，%{sent} 個探測封包遺失 %{loss}%',
      none: '此線路未設定遠端探測位址，或此時間範圍尚無探測紀錄。',
      few: '此時間範圍目前只有 %{count} 個資料點；探測與彙整資料累積後圖表會逐漸完整。',
      unavailable: '無法讀取延遲資料：%{message}',
      resolution: { raw: '每輪探測', '5m': '5 分鐘平均', '1h': '每小時平均', '1d': '每日平均' },
      method: '線：各輪探測往返延遲中位數的平均；陰影：各輪的第 10 至 90 百分位（SmokePing 畫法）',
    },
    traffic_few: '此時間範圍目前只有 %{count} 個資料點（每小時及每日彙整）；最近的樣本請看 24 小時範圍。',
  },
}
