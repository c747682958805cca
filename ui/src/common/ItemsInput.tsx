import { ArrayInput, FormDataConsumer, SelectInput, SimpleFormIterator, required } from 'react-admin'
import { ReferenceAutocomplete } from './references'

/**
 * The configuration items a record names (a change's, a maintenance window's): each a kind and
 * a record of that kind. `tables` maps the kinds the record may name to their resources.
 */
export function ItemsInput({ resource, tables }: { resource: string; tables: Record<string, string> }) {
  const kinds = Object.keys(tables).map((id) => ({ id, name: `enums.item_type.${id}` }))
  return (
    <ArrayInput source="items">
      <SimpleFormIterator inline disableReordering>
        <SelectInput source="item_type" label={`resources.${resource}.fields.item_type`} choices={kinds} validate={required()} />
        <FormDataConsumer>
          {({ scopedFormData }) =>
            scopedFormData?.item_type ? (
              <ReferenceAutocomplete
                key={scopedFormData.item_type}
                source="item_id"
                label={`resources.${resource}.fields.item_id`}
                reference={tables[scopedFormData.item_type]}
                validate={required()}
                fullWidth
              />
            ) : null
          }
        </FormDataConsumer>
      </SimpleFormIterator>
    </ArrayInput>
  )
}
