import { useState } from 'react'
import { Create, NumberInput, SimpleForm, TextInput, maxValue, minValue, required, useRedirect, useTranslate } from 'react-admin'
import { Alert, Button, Dialog, DialogActions, DialogContent, DialogTitle, TextField } from '@mui/material'
import { ReferenceAutocomplete } from '../common/references'

/** The secret comes back once, in the answer to the POST; it is shown here and nowhere else. */
export default function TokenCreate() {
  const translate = useTranslate()
  const redirect = useRedirect()
  const [issued, setIssued] = useState<{ token: string; name: string } | null>(null)
  const [copied, setCopied] = useState(false)
  return (
    <>
      <Create
        redirect={false}
        mutationOptions={{ onSuccess: (data: any) => setIssued({ token: data.token, name: data.name }) }}
      >
        <SimpleForm defaultValues={{ expires_in_days: 365 }} sx={{ maxWidth: 800 }}>
          <ReferenceAutocomplete source="user_id" reference="users" validate={required()} />
          <TextInput source="name" validate={required()} />
          <NumberInput source="expires_in_days" step={1} validate={[minValue(1), maxValue(3650)]} />
        </SimpleForm>
      </Create>
      <Dialog open={issued !== null} maxWidth="md" fullWidth>
        <DialogTitle>{translate('gsn.tokens.created_title')}</DialogTitle>
        <DialogContent>
          <Alert severity="warning" sx={{ mb: 2 }}>
            {translate('gsn.tokens.shown_once')}
          </Alert>
          <TextField
            value={issued?.token ?? ''}
            label={issued?.name}
            fullWidth
            slotProps={{ input: { readOnly: true, sx: { fontFamily: 'monospace' } } }}
            onFocus={(e) => e.target.select()}
            data-testid="issued-token"
          />
        </DialogContent>
        <DialogActions>
          <Button
            onClick={async () => {
              await navigator.clipboard?.writeText(issued?.token ?? '').catch(() => undefined)
              setCopied(true)
            }}
          >
            {translate(copied ? 'gsn.tokens.copied' : 'gsn.tokens.copy')}
          </Button>
          <Button
            variant="contained"
            onClick={() => {
              setIssued(null)
              redirect('list', 'access_tokens')
            }}
          >
            {translate('gsn.tokens.done')}
          </Button>
        </DialogActions>
      </Dialog>
    </>
  )
}
