import polyglotI18nProvider from 'ra-i18n-polyglot'
import { mergeTranslations, type I18nProvider } from 'react-admin'
import en from './en'
import zhTW from './zh-TW'
import { API, httpClient } from '../common/http'
import { cachedProfile, rememberLocale } from '../authProvider'

export const LOCALES = [
  { locale: 'en', name: 'English' },
  { locale: 'zh-TW', name: '繁體中文' },
]
export const LOCALE_KEY = 'gsn.locale'

const messages: Record<string, any> = { en, 'zh-TW': mergeTranslations(en, zhTW) }

function initialLocale() {
  const saved = localStorage.getItem(LOCALE_KEY)
  if (saved && saved in messages) return saved
  return navigator.language?.toLowerCase().startsWith('zh') ? 'zh-TW' : 'en'
}

const polyglot = polyglotI18nProvider((locale) => messages[locale] ?? en, initialLocale(), LOCALES, {
  allowMissing: true,
})

/**
 * The language choice sticks twice: in this browser (localStorage, so the login page already
 * speaks it) and on the account (PUT /api/auth/me), so it follows the user to other browsers.
 */
export const i18nProvider: I18nProvider = {
  ...polyglot,
  changeLocale: async (locale, options) => {
    await polyglot.changeLocale(locale, options)
    localStorage.setItem(LOCALE_KEY, locale)
    document.documentElement.lang = locale === 'zh-TW' ? 'zh-Hant-TW' : 'en'
    const profile = cachedProfile()
    if (profile && profile.locale !== locale) {
      rememberLocale(locale)
      await httpClient(`${API}/auth/me`, { method: 'PUT', body: JSON.stringify({ locale }) }).catch(() => undefined)
    }
  },
}
