import { SimpleMessagesProvider } from '@vinejs/vine'
import type { FieldContext } from '@vinejs/vine/types'
import { localeOf, type Locale } from '#app/core/messages'

/**
 * Validation messages in Traditional Chinese (Taiwan wording), for people whose account speaks
 * zh-TW. The UI shows each message under its field, so the messages do not repeat the field's
 * name. English uses VineJS's own messages, but for the list of allowed choices.
 */
const zhTW: Record<string, string> = {
  'required': '此欄位為必填',
  'string': '必須是文字',
  'email': '必須是有效的電子郵件地址',
  'regex': '格式不正確',
  'url': '必須是有效的網址',
  'minLength': '至少需要 {{ min }} 個字元',
  'maxLength': '不可超過 {{ max }} 個字元',
  'ipAddress': '必須是有效的 IP 位址',
  'boolean': '必須是是或否',
  'number': '必須是數字',
  'min': '不可小於 {{ min }}',
  'max': '不可大於 {{ max }}',
  'range': '必須介於 {{ min }} 與 {{ max }} 之間',
  'positive': '必須大於 0',
  'nonNegative': '不可為負數',
  'withoutDecimals': '必須是整數',
  'enum': '不是可選的值',
  'in': '不是可選的值',
  'enum.listed': '不是可選的值（可選：{{ choices }}）',
  'in.listed': '不是可選的值（可選：{{ choices }}）',
  'object': '格式不正確',
  'array': '必須是清單',
  'array.minLength': '至少需要 {{ min }} 項',
  'array.maxLength': '不可超過 {{ max }} 項',
  'date': '必須是日期（YYYY-MM-DD）',
  'database.unique': '此值已被使用',
  'database.exists': '找不到所選的項目',
}

/** English keeps VineJS's own messages but for a choice, which names what may be chosen. */
const en: Record<string, string> = {
  'enum.listed': 'The selected {{ field }} is invalid; choose one of: {{ choices }}',
  'in.listed': 'The selected {{ field }} is invalid; choose one of: {{ choices }}',
}

/**
 * A wrong choice says which values are allowed (a CSV row's "不是可選的值" alone left the person
 * guessing), when the choices are a short fixed list; choices worked out per field stay unnamed.
 */
class ChoicesNamed extends SimpleMessagesProvider {
  readonly #separator: string

  constructor(messages: Record<string, string>, separator: string) {
    super(messages)
    this.#separator = separator
  }

  getMessage(rawMessage: string, rule: string, field: FieldContext, args?: Record<string, any>) {
    const choices = args?.choices
    if ((rule === 'enum' || rule === 'in') && Array.isArray(choices) && choices.length <= MAX_NAMED_CHOICES) {
      return super.getMessage(rawMessage, `${rule}.listed`, field, { ...args, choices: choices.join(this.#separator) })
    }
    return super.getMessage(rawMessage, rule, field, args)
  }
}

const MAX_NAMED_CHOICES = 30

const providers: Record<Locale, SimpleMessagesProvider> = {
  'zh-TW': new ChoicesNamed(zhTW, '、'),
  'en': new ChoicesNamed(en, ', '),
}

/**
 * The messages provider for a locale. The language
 * is chosen as for the domain rules' messages (core/messages.ts), so a 422 speaks one language.
 */
export function messagesFor(locale: string | null | undefined) {
  return providers[localeOf(locale)]
}
