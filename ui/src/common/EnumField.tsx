import { SelectField } from 'react-admin'
import { choices, type EnumName } from './enums'

/** A stored enum value shown in the user's language. */
export function EnumField({ source, name }: { source: string; name: EnumName; label?: string; sortable?: boolean }) {
  return <SelectField source={source} choices={choices(name)} />
}
