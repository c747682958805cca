import { Box, Card, CardContent, Switch, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material'
import { Loading, Title, useGetIdentity, useGetList, useNotify, useTranslate, useUpdate } from 'react-admin'
import { SUBSCRIPTION_TOPICS } from '../../../shared/notifications'

interface Subscription {
  id: string
  user_id: number
  topic: (typeof SUBSCRIPTION_TOPICS)[number]
  email: boolean
  live: boolean
}

/** Each topic with its two switches; a switch saves at once (PUT of the person's own row). */
function TopicRow({ row }: { row: Subscription }) {
  const translate = useTranslate()
  const notify = useNotify()
  const [update, { isPending }] = useUpdate<Subscription>()
  const toggle = (way: 'email' | 'live') => (_: unknown, checked: boolean) =>
    update(
      'notification_subscriptions',
      { id: row.id, data: { email: row.email, live: row.live, [way]: checked }, previousData: row },
      { mutationMode: 'pessimistic', onSuccess: () => notify('gsn.subscriptions.saved', { type: 'success' }), onError: (e: any) => notify(e.message, { type: 'error' }) }
    )
  const name = translate(`enums.topic.${row.topic}`)
  return (
    <TableRow>
      <TableCell component="th" scope="row">
        <Typography variant="body1">{name}</Typography>
        <Typography variant="body2" color="text.secondary">{translate(`gsn.subscriptions.help.${row.topic}`)}</Typography>
      </TableCell>
      {(['email', 'live'] as const).map((way) => (
        <TableCell key={way} align="center">
          <Switch
            checked={row[way]}
            disabled={isPending}
            onChange={toggle(way)}
            slotProps={{ input: { 'aria-label': `${name}: ${translate(`resources.notification_subscriptions.fields.${way}`)}` } }}
          />
        </TableCell>
      ))}
    </TableRow>
  )
}

/** My notifications: the signed-in person's own subscriptions, whatever their role. */
export default function SubscriptionsPage() {
  const translate = useTranslate()
  const { identity } = useGetIdentity()
  const { data, isPending } = useGetList<Subscription>(
    'notification_subscriptions',
    { filter: { user_id: identity?.id }, pagination: { page: 1, perPage: 50 }, sort: { field: 'id', order: 'ASC' } },
    { enabled: identity?.id !== undefined }
  )
  if (isPending || !data) return <Loading />
  const order = (r: Subscription) => SUBSCRIPTION_TOPICS.indexOf(r.topic)
  return (
    <Card sx={{ mt: 2 }}>
      <Title title={translate('resources.notification_subscriptions.name', { smart_count: 2 })} />
      <CardContent>
        <Box mb={2}>
          <Typography variant="body2">{translate('gsn.subscriptions.intro')}</Typography>
        </Box>
        <Table size="small">
          <TableHead>
            <TableRow>
              <TableCell>{translate('resources.notification_subscriptions.fields.topic')}</TableCell>
              <TableCell align="center">{translate('resources.notification_subscriptions.fields.email')}</TableCell>
              <TableCell align="center">{translate('resources.notification_subscriptions.fields.live')}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {[...data].sort((a, b) => order(a) - order(b)).map((row) => (
              <TopicRow key={row.id} row={row} />
            ))}
          </TableBody>
        </Table>
      </CardContent>
    </Card>
  )
}
