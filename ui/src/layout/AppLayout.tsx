import { useEffect, type ReactNode } from 'react'
import { Layout, useLocaleState } from 'react-admin'
import { AppMenu } from './AppMenu'
import { LOGIN_LOCALE_KEY } from '../authProvider'

/** After a login, switch to the language saved on the account. */
function ApplyAccountLocale() {
  const [locale, setLocale] = useLocaleState()
  useEffect(() => {
    const saved = sessionStorage.getItem(LOGIN_LOCALE_KEY)
    if (!saved) return
    sessionStorage.removeItem(LOGIN_LOCALE_KEY)
    if (saved !== locale) setLocale(saved)
  }, [locale, setLocale])
  return null
}

export function AppLayout({ children }: { children: ReactNode }) {
  return (
    <Layout menu={AppMenu}>
      <ApplyAccountLocale />
      {children}
    </Layout>
  )
}
