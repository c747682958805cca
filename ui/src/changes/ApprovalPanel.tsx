import { useState } from 'react'
import { Button, useNotify, useRecordContext, useRefresh, useTranslate } from 'react-admin'
import { Card, CardContent, Chip, Stack, Table, TableBody, TableCell, TableHead, TableRow, TextField, Typography } from '@mui/material'
import { useQueryClient } from '@tanstack/react-query'
import { TimeText } from './ChangeTimeline'
import { postChange } from './api'

interface Vote {
  user_id: number
  name: string
  decision: 'approve' | 'reject'
  comment: string | null
  at: string
}

/** The board, its votes, and for its members while it sits: approve or reject with a comment. */
export function ApprovalPanel() {
  const record = useRecordContext()
  const translate = useTranslate()
  const notify = useNotify()
  const refresh = useRefresh()
  const queries = useQueryClient()
  const [comment, setComment] = useState('')
  if (!record) return null
  if (!record.board) {
    return record.type === 'standard' ? <Typography variant="body2">{translate('gsn.changes.no_board_standard')}</Typography> : null
  }
  const votes: Vote[] = record.votes ?? []
  const vote = async (decision: 'approve' | 'reject') => {
    try {
      await postChange(Number(record.id), decision, { comment: comment.trim() || null })
      setComment('')
      notify('gsn.changes.voted', { type: 'info' })
      await queries.invalidateQueries({ queryKey: ['changes-api'] })
      refresh()
    } catch (error) {
      notify((error as Error).message, { type: 'error' })
    }
  }
  return (
    <Card variant="outlined" component="section" aria-labelledby="approval-title">
      <CardContent>
        <Typography id="approval-title" variant="h6" component="h2">
          {translate('gsn.changes.approval')}: {record.board.name}
        </Typography>
        <Typography variant="body2" sx={{ mb: 1 }}>
          {translate('gsn.changes.quorum', { quorum: record.board.quorum, members: record.board.members.map((m: { name: string }) => m.name).join(', ') })}
        </Typography>
        {votes.length ? (
          <Table size="small" aria-label={translate('gsn.changes.votes')}>
            <TableHead>
              <TableRow>
                <TableCell>{translate('gsn.changes.voter')}</TableCell>
                <TableCell>{translate('gsn.changes.decision')}</TableCell>
                <TableCell>{translate('gsn.changes.comment')}</TableCell>
                <TableCell>{translate('gsn.changes.when')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {votes.map((v) => (
                <TableRow key={v.user_id}>
                  <TableCell>{v.name}</TableCell>
                  <TableCell>
                    <Chip size="small" color={v.decision === 'approve' ? 'success' : 'error'} label={translate(`gsn.changes.vote.${v.decision}`)} />
                  </TableCell>
                  <TableCell>{v.comment ?? '—'}</TableCell>
                  <TableCell><TimeText value={v.at} /></TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        ) : (
          <Typography variant="body2">{translate('gsn.changes.no_votes')}</Typography>
        )}
        {record.may_vote && (
          <Stack direction="row" spacing={1} alignItems="flex-start" sx={{ mt: 2 }} data-testid="approval-buttons">
            <TextField size="small" label={translate('gsn.changes.comment')} value={comment} onChange={(e) => setComment(e.target.value)} sx={{ flex: 1 }} />
            <Button variant="contained" color="success" label="gsn.changes.vote.approve" onClick={() => vote('approve')} />
            <Button variant="outlined" color="error" label="gsn.changes.vote.reject" onClick={() => vote('reject')} disabled={comment.trim().length < 3} />
          </Stack>
        )}
      </CardContent>
    </Card>
  )
}
