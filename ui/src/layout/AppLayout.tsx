import { useEffect, type ReactNode } from 'react'
import {
  AppBar,
  Layout,
  LoadingIndicator,
  LocalesMenuButton,
  UserMenu,
  useGetIdentity,
  useLocaleState,
  useTranslate,
} from 'react-admin'
import { AppMenu } from './AppMenu'
import { LiveToasts } from '../notification_subscriptions/LiveToasts'
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

/**
 * The user menu's button shows the person's name, so its accessible name must say it too
 * (WCAG 2.5.3, label in name); react-admin's default names it "Profile" whatever it shows.
 */
function AccountMenu() {
  const { identity } = useGetIdentity()
  return <UserMenu label={identity?.fullName ? String(identity.fullName) : 'ra.auth.user_menu'} />
}

/** react-admin's toolbar, but its spinner says what it is (an unnamed progressbar otherwise). */
function AppBarTools() {
  const translate = useTranslate()
  return (
    <>
      <LocalesMenuButton />
      <LoadingIndicator aria-label={translate('ra.page.loading')} />
    </>
  )
}

function AppBarWithAccount() {
  return <AppBar userMenu={<AccountMenu />} toolbar={<AppBarTools />} />
}

export function AppLayout({ children }: { children: ReactNode }) {
  return (
    <Layout menu={AppMenu} appBar={AppBarWithAccount}>
      <ApplyAccountLocale />
      <LiveToasts />
      {children}
    </Layout>
  )
}
