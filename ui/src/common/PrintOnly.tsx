import { GlobalStyles } from '@mui/material'

/**
 * The print scaffolding of the console's printable reports (the monthly figures, the authority
 * report, the carrier report): printing leaves out the console around the report (menu, app bar,
 * and anything marked `no-print`, such as the report's own controls), and the card's shadow.
 */
export function PrintOnlyTheReport() {
  return (
    <GlobalStyles
      styles={{
        '@media print': {
          'header, nav, .RaSidebar-fixed, .RaSidebar-root, .no-print': { display: 'none !important' },
          '.RaLayout-content': { padding: 0 },
          '.MuiCard-root': { boxShadow: 'none' },
        },
      }}
    />
  )
}
