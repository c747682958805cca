import { useId, useState } from 'react'
import { Alert, Button, Dialog, DialogActions, DialogContent, DialogTitle, Typography } from '@mui/material'
import { useWatch } from 'react-hook-form'
import { Form, RadioButtonGroupInput, SelectInput, TextInput, required, useNotify, useRecordContext, useRefresh, useTranslate } from 'react-admin'
import { DateTimeInput } from '../common/date_inputs'
import { choices } from '../common/enums'
import { refusal } from '../incidents/api'
import { proposedLevel, SECURITY_LEVELS, type SecurityAssessment } from '../../../shared/security_grading'
import { gradeIncident } from './api'

type Values = Partial<SecurityAssessment> & { level?: number | ''; reason?: string; aware_at?: string | Date | null }

const DIMENSIONS = [
  ['systems', 'affected_systems'],
  ['confidentiality', 'data_impact'],
  ['integrity', 'data_impact'],
  ['availability', 'availability_impact'],
  ['classified', 'classified_data'],
] as const

const complete = (v: Values): v is Values & SecurityAssessment => DIMENSIONS.every(([field]) => Boolean(v[field]))

/** What the answers so far propose, as the regulation's definitions grade them (shared/security_grading.ts). */
function Proposal() {
  const translate = useTranslate()
  const values = useWatch() as Values
  const level = complete(values) ? proposedLevel(values) : undefined
  const text =
    level === undefined
      ? translate('gsn.security.answer_all')
      : level === null
        ? translate('gsn.security.no_level')
        : translate('gsn.security.proposes', { level: translate(`gsn.security.levels.${level}`) })
  return (
    <Typography role="status" aria-live="polite" sx={{ fontWeight: 'bold', my: 1 }} data-proposed-level={level ?? ''}>
      {text}
    </Typography>
  )
}

/**
 * The guided assessment: which systems, how badly confidentiality, integrity and availability
 * suffered, and whether classified data was involved. The level it proposes shows as the analyst
 * answers; another level may be chosen with a reason. A liaison's grading stands as proposed, a
 * G-ISAC analyst's is the review (the API decides which).
 */
export function GradeDialog({ onClose }: { onClose: () => void }) {
  const record = useRecordContext()!
  const translate = useTranslate()
  const notify = useNotify()
  const refresh = useRefresh()
  const titleId = useId()
  const [problem, setProblem] = useState<string | null>(null)
  const [initial] = useState<Values>(() => ({ ...(record.security_assessment ?? {}), level: '' }))

  const send = async (v: Values) => {
    setProblem(null)
    try {
      const aware = v.aware_at ? new Date(v.aware_at).toISOString() : undefined
      await gradeIncident(record.id, {
        assessment: {
          systems: v.systems!, confidentiality: v.confidentiality!, integrity: v.integrity!, availability: v.availability!, classified: v.classified!,
        },
        level: v.level === '' || v.level === undefined ? undefined : Number(v.level),
        reason: v.reason?.trim() ? v.reason : undefined,
        aware_at: aware,
      })
      notify('gsn.security.graded', { type: 'success' })
      onClose()
      refresh()
    } catch (error) {
      const { message, fields } = refusal(error)
      setProblem(message)
      return Object.fromEntries(Object.entries(fields).map(([k, t]) => [k.replace(/^assessment\./, ''), t]))
    }
  }

  return (
    <Dialog open onClose={onClose} aria-labelledby={titleId} fullWidth maxWidth="md">
      <Form record={initial} onSubmit={send} disableInvalidFormNotification>
        <DialogTitle id={titleId}>{translate('gsn.security.grade_title', { number: record.number })}</DialogTitle>
        <DialogContent>
          {problem && (
            <Alert severity="error" role="alert" sx={{ mb: 2 }}>
              {problem}
            </Alert>
          )}
          {DIMENSIONS.map(([field, list]) => (
            <RadioButtonGroupInput
              key={field}
              source={field}
              label={`gsn.security.questions.${field}`}
              choices={choices(list)}
              validate={required()}
              row
            />
          ))}
          <Proposal />
          <SelectInput
            source="level"
            label="gsn.security.level_override"
            choices={SECURITY_LEVELS.map((l) => ({ id: l, name: `gsn.security.levels.${l}` }))}
            emptyText="gsn.security.as_proposed"
            helperText="gsn.security.level_override_help"
          />
          <TextInput source="reason" label="gsn.security.reason" multiline minRows={2} fullWidth />
          <DateTimeInput source="aware_at" label="gsn.security.aware_at" helperText="gsn.security.aware_at_help" />
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>{translate('ra.action.cancel')}</Button>
          <Button type="submit" variant="contained">{translate('gsn.security.grade')}</Button>
        </DialogActions>
      </Form>
    </Dialog>
  )
}
