import { DataTable, ReferenceField, type DataTableColumnProps } from 'react-admin'
import { EnumField } from './EnumField'
import { DayField, TimeField } from './dates'
import type { EnumName } from './enums'

type ColProps = Omit<DataTableColumnProps, 'source' | 'children'> & { source: string }

/** List columns for the shapes every list repeats: enums, references, dates. */
export function EnumCol({ name, ...props }: ColProps & { name: EnumName }) {
  return (
    <DataTable.Col {...props}>
      <EnumField source={props.source} name={name} />
    </DataTable.Col>
  )
}

export function ReferenceCol({ reference, ...props }: ColProps & { reference: string }) {
  return (
    <DataTable.Col {...props}>
      <ReferenceField source={props.source} reference={reference} link="show" />
    </DataTable.Col>
  )
}

export function DayCol(props: ColProps) {
  return (
    <DataTable.Col {...props}>
      <DayField source={props.source} />
    </DataTable.Col>
  )
}

export function TimeCol(props: ColProps) {
  return (
    <DataTable.Col {...props}>
      <TimeField source={props.source} />
    </DataTable.Col>
  )
}
