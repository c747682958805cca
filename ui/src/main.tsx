import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import App from './App'
import { i18nProvider } from './i18n/i18nProvider'

document.documentElement.lang = i18nProvider.getLocale() === 'zh-TW' ? 'zh-Hant-TW' : 'en'

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>
)
