/**
 * Losses are stored as shares of a burst's probes (0.05) and shown and typed as percent (5):
 * rounded to a hundredth of a percent so 0.07 does not read 7.000000000000001.
 */
export const sharePercent = (share: unknown) =>
  share === null || share === undefined || share === '' ? '' : Math.round(Number(share) * 10_000) / 100

export const percentShare = (percent: unknown) =>
  percent === null || percent === undefined || percent === '' ? null : Math.round(Number(percent) * 100) / 10_000
