import { LocalesMenuButton, Login, LoginForm, useTranslate } from 'react-admin'
import { Box, Typography } from '@mui/material'
import HubIcon from '@mui/icons-material/Hub'

/** react-admin's login form under the console's name, in the language this browser last used. */
export function LoginPage() {
  const translate = useTranslate()
  return (
    <Login avatarIcon={<HubIcon />}>
      <Typography variant="h6" component="h1" align="center">
        {translate('gsn.title')}
      </Typography>
      <Typography variant="body2" align="center" color="text.secondary">
        {translate('gsn.subtitle')}
      </Typography>
      <LoginForm />
      <Box sx={{ display: 'flex', justifyContent: 'center', pb: 1 }}>
        <LocalesMenuButton />
      </Box>
    </Login>
  )
}
