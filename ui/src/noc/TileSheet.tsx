import { useCallback, useRef, useState, type KeyboardEvent, type ReactNode, type SyntheticEvent } from 'react'
import { Popper } from '@mui/material'
import { alpha, styled } from '@mui/material/styles'

/**
 * The board draws hundreds of small cells (a ministry tile, its four regions, its badges, an
 * uplink). Drawn as MUI components each with its own `sx` and Tooltip, every cell had its styles
 * serialised by emotion and a Popper of its own: with 17,525 links that was most of the second
 * the board took to appear (see bench/noc_board_paint.ts). Here the cells are plain elements
 * with the class names below, styled once per grid from the theme (so the dark wall screen
 * follows), their colours set inline, and one tooltip serves the whole grid.
 */
export const TileSheet = styled('div')(({ theme }) => {
  const focus = { outline: `2px solid ${theme.palette.primary.main}`, outlineOffset: 2 }
  const plainButton = {
    font: 'inherit',
    color: 'inherit',
    background: 'none',
    border: 0,
    margin: 0,
    padding: 0,
    cursor: 'pointer',
    textAlign: 'left' as const,
    '&:disabled': { cursor: 'default' },
    '&:focus-visible': focus,
    '&:hover:not(:disabled)': { backgroundColor: theme.palette.action.hover },
  }
  return {
    display: 'grid',
    gap: theme.spacing(1),
    '&.regions': { gridTemplateColumns: 'repeat(2, 1fr)', [theme.breakpoints.up('md')]: { gridTemplateColumns: 'repeat(4, 1fr)' } },
    '&.ministries': { gridTemplateColumns: 'repeat(auto-fill, minmax(220px, 1fr))' },
    '&.ministries.dense': { gridTemplateColumns: 'repeat(auto-fill, minmax(250px, 1fr))' },
    '&.uplinks': { gap: theme.spacing(0.75), gridTemplateColumns: 'repeat(auto-fill, minmax(150px, 1fr))' },
    '& .tile': {
      backgroundColor: theme.palette.background.paper,
      border: `1px solid ${theme.palette.divider}`,
      borderLeftWidth: 8,
      borderRadius: theme.shape.borderRadius,
      height: '100%',
      boxSizing: 'border-box',
      minWidth: 0,
    },
    '& .tile.selected': { outline: `2px solid ${theme.palette.text.primary}` },
    '& .tile-body': { display: 'flex', flexDirection: 'column', gap: theme.spacing(0.5), padding: theme.spacing(1), height: '100%', boxSizing: 'border-box' },
    '& .tile-body.dense': { padding: theme.spacing(0.75) },
    '& .tile-button': { ...plainButton, display: 'flex', flexDirection: 'column', alignItems: 'flex-start', gap: theme.spacing(0.5), width: '100%', height: '100%', padding: theme.spacing(1.5), boxSizing: 'border-box' },
    '& .tile-head': { ...plainButton, display: 'flex', justifyContent: 'space-between', alignItems: 'flex-start', gap: theme.spacing(1), width: '100%' },
    '& .row': { display: 'flex', justifyContent: 'space-between', alignItems: 'center', gap: theme.spacing(1), width: '100%', minWidth: 0 },
    '& .name': { ...theme.typography.body2, fontWeight: 600, lineHeight: 1.25 },
    '& .name.dense': { whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' },
    '& .title': { ...theme.typography.subtitle1, fontWeight: 600 },
    '& .figure': { ...theme.typography.body2, fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' },
    '& .figure.large': { ...theme.typography.subtitle1, fontVariantNumeric: 'tabular-nums' },
    '& .grow': { flex: 1 },
    '& .badges': { display: 'flex', flexWrap: 'wrap', gap: theme.spacing(0.5), alignItems: 'center' },
    '& .badge': { padding: theme.spacing(0, 0.75), borderRadius: theme.shape.borderRadius, fontSize: 13, fontWeight: 600 },
    '& .strip': { display: 'flex', gap: theme.spacing(0.5) },
    '& .strip.dense': { width: 104, flexShrink: 0 },
    '& .cell': {
      ...plainButton,
      flex: 1,
      height: 18,
      borderRadius: Number(theme.shape.borderRadius) / 2,
      fontSize: 11,
      textAlign: 'center' as const,
      '&:hover:not(:disabled)': { filter: 'brightness(0.92)' },
    },
    '& .cell[data-mark]::before': { content: 'attr(data-mark)' },
    '& .cell.none': { border: `1px dashed ${theme.palette.divider}`, color: theme.palette.text.disabled },
    '& .uplink': {
      display: 'flex',
      flexDirection: 'column',
      padding: theme.spacing(0.75),
      borderRadius: theme.shape.borderRadius,
      textDecoration: 'none',
      minWidth: 0,
      '&:focus-visible': focus,
      '&:hover': { filter: 'brightness(0.92)' },
    },
    '& .caption': { ...theme.typography.caption, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
    '& .caption.strong': { fontWeight: 700 },
    '& .caption.figure': { fontVariantNumeric: 'tabular-nums', overflow: 'visible' },
    '& .tip': {
      ...theme.typography.caption,
      backgroundColor: alpha(theme.palette.grey[700], 0.92),
      color: theme.palette.common.white,
      borderRadius: theme.shape.borderRadius,
      padding: theme.spacing(0.5, 1),
      maxWidth: 300,
      margin: theme.spacing(0.5, 0),
      zIndex: theme.zIndex.tooltip,
    },
  }
})

/**
 * One tooltip for every element under it that carries `data-tip`: shown on hover and keyboard
 * focus, hidden on leaving, on blur and on Escape (WCAG 1.4.13), and kept while the pointer is
 * on the tooltip itself, which sits inside the grid for that reason.
 */
export function SharedTips({ children, className, testId }: { children: ReactNode; className?: string; testId?: string }) {
  const [tip, setTip] = useState<{ anchor: HTMLElement; text: string } | null>(null)
  const tipRef = useRef<HTMLDivElement>(null)
  const show = useCallback((event: SyntheticEvent) => {
    const target = event.target as HTMLElement
    if (tipRef.current?.contains(target)) return
    const anchor = target.closest<HTMLElement>('[data-tip]')
    setTip((current) => (anchor ? (current?.anchor === anchor ? current : { anchor, text: anchor.dataset.tip ?? '' }) : null))
  }, [])
  const hide = useCallback(() => setTip(null), [])
  const escape = useCallback((event: KeyboardEvent) => {
    if (event.key === 'Escape') setTip(null)
  }, [])
  return (
    <TileSheet className={className} data-testid={testId} onMouseOver={show} onFocus={show} onMouseLeave={hide} onBlur={hide} onKeyDown={escape}>
      {children}
      <Popper open={tip !== null && tip.text !== ''} anchorEl={tip?.anchor} placement="bottom" disablePortal className="tip" role="tooltip" ref={tipRef}>
        {tip?.text}
      </Popper>
    </TileSheet>
  )
}
