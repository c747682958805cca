import { useId, useState, type ReactNode } from 'react'
import { Alert, Button, Dialog, DialogActions, DialogContent, DialogTitle } from '@mui/material'
import { Form, useNotify, useRefresh, useTranslate } from 'react-admin'
import { refusal } from './api'

export type Values = Record<string, unknown>
export type Send = (values: Values) => Promise<Record<string, string> | undefined>

interface Props {
  /** The dialog's title and its submit button's words, already translated. */
  title: string
  submit: string
  /** Fixed once by the caller: a form whose record changes on every render resets what is typed. */
  initial: Values
  /** The request the form's values make, and the message key said when it succeeds. */
  request: (values: Values) => Promise<unknown>
  done: (values: Values) => string
  onClose: () => void
  /** Buttons beside Cancel that send other values than the form's (assign to me, detach). */
  actions?: (send: Send, sending: boolean) => ReactNode
  children: ReactNode
}

/**
 * The shell of a dialog that sends one request about the incident on the page (a workflow
 * command, its major incident). A refusal stays in the dialog, the API's message above the fields
 * and a 422's field messages on their inputs; success closes it, says so, and reloads the page.
 */
export function IncidentRequestDialog({ title, submit, initial, request, done, onClose, actions, children }: Props) {
  const translate = useTranslate()
  const notify = useNotify()
  const refresh = useRefresh()
  const titleId = useId()
  const [problem, setProblem] = useState<string | null>(null)
  const [sending, setSending] = useState(false)

  const send: Send = async (values) => {
    setProblem(null)
    setSending(true)
    try {
      await request(values)
      notify(done(values), { type: 'success' })
      onClose()
      refresh()
      return undefined
    } catch (error) {
      const { message, fields } = refusal(error)
      setProblem(message)
      return fields
    } finally {
      setSending(false)
    }
  }

  return (
    <Dialog open onClose={onClose} aria-labelledby={titleId} fullWidth maxWidth="sm">
      <Form record={initial} onSubmit={send} disableInvalidFormNotification>
        <DialogTitle id={titleId}>{title}</DialogTitle>
        <DialogContent>
          {problem && (
            <Alert severity="error" role="alert" sx={{ mb: 2 }}>
              {problem}
            </Alert>
          )}
          {children}
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>{translate('ra.action.cancel')}</Button>
          {actions?.(send, sending)}
          <Button type="submit" variant="contained" disabled={sending}>
            {submit}
          </Button>
        </DialogActions>
      </Form>
    </Dialog>
  )
}
