import { Labeled, RecordContextProvider, ReferenceField, useRecordContext, useTranslate } from 'react-admin'
import { Chip, Stack, Typography } from '@mui/material'
import { ITEM_RESOURCES } from './enums'

/**
 * The configuration items a record names (an incident's, a maintenance window's): each as its
 * kind and a link to it.
 */
// Not `label`: SimpleShowLayout would label the field a second time.
export function ItemsField({ title, empty, testId }: { title: string; empty: string; testId?: string }) {
  const record = useRecordContext()
  const translate = useTranslate()
  const items: Array<{ item_type: string; item_id: number }> = record?.items ?? []
  return (
    <Labeled label={title}>
      {items.length ? (
        <Stack spacing={0.5} data-testid={testId}>
          {items.map((item) => (
            <Stack key={`${item.item_type}-${item.item_id}`} direction="row" spacing={1} alignItems="center">
              <Chip size="small" label={translate(`enums.item_type.${item.item_type}`)} />
              <RecordContextProvider value={item}>
                <ReferenceField source="item_id" reference={ITEM_RESOURCES[item.item_type]} link="show" />
              </RecordContextProvider>
            </Stack>
          ))}
        </Stack>
      ) : (
        <Typography variant="body2">{translate(empty)}</Typography>
      )}
    </Labeled>
  )
}
