import { BooleanInput, NumberInput, SimpleForm, TextInput, required, useRecordContext, useTranslate } from 'react-admin'
import { RULE_SETTINGS, SETTING_KIND, type RuleName } from '../../../shared/detection_rules'
import { formatList, listOf, parsePorts } from './settings'

/** One input per setting of the row's rule; which rule a row is cannot be changed. */
function SettingInputs() {
  const record = useRecordContext<{ rule: RuleName }>()
  if (!record) return null
  return (
    <>
      {RULE_SETTINGS[record.rule].map((name) => {
        const source = `settings.${name}`
        const label = `gsn.detection_rules.setting.${name}`
        const helperText = `gsn.detection_rules.help.${name}`
        switch (SETTING_KIND[name]) {
          case 'boolean':
            return <BooleanInput key={name} source={source} label={label} helperText={helperText} />
          case 'ports':
            return <TextInput key={name} source={source} label={label} helperText={helperText} format={formatList} parse={parsePorts} />
          case 'addresses':
            return <TextInput key={name} source={source} label={label} helperText={helperText} format={formatList} parse={listOf} />
          case 'decimal':
            return <NumberInput key={name} source={source} label={label} helperText={helperText} step={0.01} validate={required()} />
          default:
            return <NumberInput key={name} source={source} label={label} helperText={helperText} step={1} validate={required()} />
        }
      })}
    </>
  )
}

/** Which rule the row is, and what it finds: a row stays its rule, so this is shown, not edited. */
function RuleTitle() {
  const record = useRecordContext<{ rule: RuleName }>()
  const translate = useTranslate()
  if (!record) return null
  return (
    <p>
      <strong>{translate(`gsn.detection_rules.rule.${record.rule}`)}</strong>: {translate(`gsn.detection_rules.about.${record.rule}`)}
    </p>
  )
}

export function DetectionRuleForm() {
  const record = useRecordContext<{ rule: RuleName }>()
  return (
    <SimpleForm sx={{ maxWidth: 640 }}>
      <RuleTitle />
      {record?.rule !== 'general' && <BooleanInput source="enabled" helperText="gsn.detection_rules.enabled_help" />}
      <SettingInputs />
    </SimpleForm>
  )
}
